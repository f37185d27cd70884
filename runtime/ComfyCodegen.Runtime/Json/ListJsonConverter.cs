using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime.Json;

/// <summary>A JSON array of items read and written by <paramref name="item"/>.</summary>
/// <param name="item">The item converter.</param>
/// <param name="itemNullable">Whether the spec allows null items; a null item otherwise fails to read.</param>
public sealed class ListJsonConverter<T>(JsonConverter<T> item, bool itemNullable) : JsonConverter<IReadOnlyList<T>>
{
    /// <inheritdoc />
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected a JSON array, found {reader.TokenType}.");
        }

        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (!itemNullable)
                {
                    throw new JsonException("The array contains null, but the spec does not allow null items.");
                }

                list.Add(default!);
                continue;
            }

            list.Add(item.Read(ref reader, typeof(T), options)!);
        }

        return list;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var element in value)
        {
            if (element is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                item.Write(writer, element, options);
            }
        }

        writer.WriteEndArray();
    }
}
