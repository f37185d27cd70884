using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// The base of a generated type-info resolver: a table from each type to its converter, filled once by the generated
/// constructor. Each entry makes its <see cref="JsonTypeInfo"/> with the converter's own type, so nothing is looked up
/// by reflection and the table works under trimming and native AOT.
/// </summary>
public abstract class JsonTypeInfoTable : IJsonTypeInfoResolver
{
    private readonly Dictionary<Type, Func<JsonSerializerOptions, JsonTypeInfo>> _entries = new();

    /// <summary>Resolves <typeparamref name="T"/> with <paramref name="converter"/>; the first converter added for a type is kept.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="converter">Its converter.</param>
    protected void Add<T>(JsonConverter<T> converter)
    {
        ArgumentNullException.ThrowIfNull(converter);
        _entries.TryAdd(typeof(T), options => JsonMetadataServices.CreateValueInfo<T>(options, converter));
    }

    /// <inheritdoc />
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
        _entries.TryGetValue(type, out var create) ? create(options) : null;
}
