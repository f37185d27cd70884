using System;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime;

/// <summary>
/// Reads and writes JSON through the generated converters directly — no reflection, no serializer lookup — so
/// generated clients are trimming- and AOT-safe.
/// </summary>
public static class ApiJson
{
    /// <summary>Options handed to converters. They read nothing from it; names and formats come from the spec.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General);

    /// <summary>Reads one complete JSON value; throws <see cref="JsonException"/> (or the reader's exceptions) when it does not match.</summary>
    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonConverter<T> converter)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        if (!reader.Read())
        {
            throw new JsonException("The body is empty where JSON was expected.");
        }

        T? value;
        using (Json.RepeatedStrings.Share())
        {
            if (reader.TokenType != JsonTokenType.Null || typeof(T) == typeof(JsonElement))
            {
                // Any JSON value, null included, is a JsonElement: null is ValueKind.Null, not default (Undefined).
                value = converter.Read(ref reader, typeof(T), Options);
            }
            else if (default(T) is not null)
            {
                // A value type would silently become its default (0, false): null is not the value the spec declares.
                throw new JsonException("The body is JSON null where a value was expected.");
            }
            else
            {
                value = default;
            }
        }

        if (reader.Read())
        {
            throw new JsonException($"Unexpected content after the JSON value at byte {reader.TokenStartIndex}.");
        }

        return value;
    }

    /// <summary>Writes <paramref name="value"/> as UTF-8 JSON bytes.</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonConverter<T> converter)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            converter.Write(writer, value, Options);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a named event's data; data that does not match the event's schema is an <see cref="ApiException"/>.</summary>
    public static T DeserializeEvent<T>(ServerSentEvent source, ReadOnlySpan<byte> utf8Data, JsonConverter<T> converter)
    {
        try
        {
            return Deserialize(utf8Data, converter) ?? throw new JsonException("The event data is null.");
        }
        catch (Exception exception) when (IsContentFailure(exception))
        {
            throw new ApiException(
                $"The '{source.EventType}' event does not match the spec: {exception.Message} Data: {(source.Data.Length > 512 ? source.Data.Substring(0, 512) + "…" : source.Data)}",
                200,
                null,
                new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>>(),
                source.Data,
                exception);
        }
    }

    /// <summary>The data as a JSON element, or null when it is not JSON.</summary>
    public static JsonElement? TryParseElement(ReadOnlySpan<byte> utf8Data)
    {
        var reader = new Utf8JsonReader(utf8Data);
        try
        {
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether an exception from reading a body means "the body does not match the schema".</summary>
    public static bool IsContentFailure(Exception exception) =>
        exception is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException;
}
