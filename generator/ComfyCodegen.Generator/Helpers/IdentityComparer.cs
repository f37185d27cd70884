using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace ComfyCodegen.Generator.Helpers;

/// <summary>Compares objects by identity (netstandard2.0 has no ReferenceEqualityComparer).</summary>
internal sealed class IdentityComparer<T> : IEqualityComparer<T>
    where T : class
{
    public static IdentityComparer<T> Instance { get; } = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
