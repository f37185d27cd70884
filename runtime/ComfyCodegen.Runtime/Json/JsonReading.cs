using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComfyCodegen.Runtime.Json;

/// <summary>Small pieces generated converters share, so each converter stays short.</summary>
public static class JsonReading
{
    /// <summary>Reads a reference value; null for a JSON null.</summary>
    public static T? ReadClass<T>(ref Utf8JsonReader reader, JsonConverter<T> converter, JsonSerializerOptions options)
        where T : class? =>
        reader.TokenType == JsonTokenType.Null ? null : converter.Read(ref reader, typeof(T), options);

    /// <summary>Reads a value type; null for a JSON null.</summary>
    public static T? ReadStruct<T>(ref Utf8JsonReader reader, JsonConverter<T> converter, JsonSerializerOptions options)
        where T : struct =>
        reader.TokenType == JsonTokenType.Null ? null : converter.Read(ref reader, typeof(T), options);

    /// <summary>Throws unless the reader stands on the start of an object.</summary>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for {typeName}, found {reader.TokenType}.");
        }
    }

    /// <summary>JsonSerializer's metadata for <typeparamref name="T"/>, read and written by <paramref name="converter"/>.</summary>
    /// <typeparam name="T">The type, inferred from the converter, so a generated resolver names it once.</typeparam>
    /// <param name="options">The serializer options.</param>
    /// <param name="converter">The converter.</param>
    /// <returns>The metadata.</returns>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options, JsonConverter<T> converter) =>
        JsonMetadataServices.CreateValueInfo<T>(options, converter);

    /// <summary>The exception for a required property that is absent.</summary>
    internal static JsonException MissingProperty(string typeName, string jsonName) =>
        new($"The required property '{jsonName}' of {typeName} is missing.");

    /// <summary>The exception for a non-nullable property that is null.</summary>
    internal static JsonException NullProperty(string typeName, string jsonName) =>
        new($"The property '{jsonName}' of {typeName} is null, but the spec does not allow null.");

    /// <summary>The exception for a required, non-nullable member that is absent or null.</summary>
    internal static JsonException Absent(bool present, string typeName, string jsonName) =>
        present ? NullProperty(typeName, jsonName) : MissingProperty(typeName, jsonName);

    /// <summary>
    /// The string value of a top-level property of the object the reader stands on, read from a copy so the
    /// reader does not move; null when absent or not a string.
    /// </summary>
    public static string? PeekDiscriminator(Utf8JsonReader reader, ReadOnlySpan<byte> utf8PropertyName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(utf8PropertyName);
            reader.Read();
            if (match)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }
}

/// <summary>Wraps a value-type converter for Nullable&lt;T&gt; items of arrays and maps.</summary>
/// <param name="inner">The converter of T.</param>
public sealed class NullableJsonConverter<T>(JsonConverter<T> inner) : JsonConverter<T?>
    where T : struct
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : inner.Read(ref reader, typeof(T), options);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is { } present)
        {
            inner.Write(writer, present, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Wraps a reference-type converter for nullable items of arrays and maps (e.g. string? items).</summary>
/// <param name="inner">The converter of T.</param>
public sealed class NullableReferenceJsonConverter<T>(JsonConverter<T> inner) : JsonConverter<T?>
    where T : class
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : inner.Read(ref reader, typeof(T), options);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            inner.Write(writer, value, options);
        }
    }
}
