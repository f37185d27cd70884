using System.Collections.Generic;

namespace ComfyCodegen.Generator.Helpers;

/// <summary>System.HashCode is not in netstandard2.0; this is the small part of it the models need.</summary>
internal struct HashCodeBuilder
{
    private int _hash;

    public void Add<T>(T value)
    {
        unchecked
        {
            _hash = (_hash * 31) + (value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(value));
        }
    }

    public readonly int ToHashCode() => _hash;
}
