using System;
using System.Collections.Generic;

namespace ComfyCodegen.Runtime;

/// <summary>
/// A generated string enum as the runtime's generic code sees it: what it needs to read, write and check any enum
/// without code of its own per enum (<see cref="Json.ApiEnumJsonConverter{TEnum}"/>, <see cref="ApiEnum.IsListed"/>).
/// </summary>
/// <typeparam name="TSelf">The enum type.</typeparam>
public interface IApiEnum<TSelf> : IApiEnum, IEquatable<TSelf>
    where TSelf : struct, IApiEnum<TSelf>
{
    /// <summary>The values the spec lists, in its order.</summary>
    static abstract IReadOnlyList<TSelf> Listed { get; }

    /// <summary>Wraps a wire value, listed by the spec or not.</summary>
    /// <param name="value">The value as the API sends it.</param>
    /// <returns>The enum value.</returns>
    static abstract TSelf Create(string value);
}

/// <summary>What every generated enum does the same way.</summary>
public static class ApiEnum
{
    /// <summary>Whether the spec lists <paramref name="value"/> (ordinal comparison; default is never listed).</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is listed.</returns>
    public static bool IsListed<TEnum>(TEnum value)
        where TEnum : struct, IApiEnum<TEnum> =>
        ListedValues<TEnum>.Set.Contains(value.Value);

    /// <summary>The listed wire values of one enum type, made once.</summary>
    private static class ListedValues<TEnum>
        where TEnum : struct, IApiEnum<TEnum>
    {
        public static readonly HashSet<string> Set = Create();

        private static HashSet<string> Create()
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in TEnum.Listed)
            {
                set.Add(value.Value);
            }

            return set;
        }
    }
}
