using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime.Json;

/// <summary>A JSON object used as a map (additionalProperties), values read and written by <paramref name="value"/>.</summary>
/// <param name="value">The value converter.</param>
/// <param name="valueNullable">Whether the spec allows null values.</param>
public sealed class DictionaryJsonConverter<T>(JsonConverter<T> value, bool valueNullable) : JsonConverter<IReadOnlyDictionary<string, T>>
{
    /// <inheritdoc />
    public override IReadOnlyDictionary<string, T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object, found {reader.TokenType}.");
        }

        var dictionary = new Dictionary<string, T>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (!valueNullable)
                {
                    throw new JsonException($"The member '{key}' is null, but the spec does not allow null values.");
                }

                dictionary[key] = default!;
                continue;
            }

            dictionary[key] = value.Read(ref reader, typeof(T), options)!;
        }

        return dictionary;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> dictionary, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var pair in dictionary)
        {
            writer.WritePropertyName(pair.Key);
            if (pair.Value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.Write(writer, pair.Value, options);
            }
        }

        writer.WriteEndObject();
    }
}
