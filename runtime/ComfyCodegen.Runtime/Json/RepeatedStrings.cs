using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// Strings read by the generated converters. Within one <see cref="ApiJson.Deserialize{T}"/> call, a short value that
/// repeats (the job id on each of a thousand outputs, a content type, a tag, a node id) is allocated once and shared:
/// strings are immutable, so nobody can tell, except the garbage collector. The table lives on the reading thread only
/// for that call and is cleared at its end, so nothing read outlives the answer it came from.
/// </summary>
internal static class RepeatedStrings
{
    // Ids (36), hashes of short strings, media types and names fit; longer values rarely repeat and cost more to compare.
    private const int MaxBytes = 48;
    private const int Slots = 256;

    [ThreadStatic]
    private static string?[]? t_table;

    [ThreadStatic]
    private static int t_depth;

    /// <summary>Shares repeated strings until the returned scope is disposed (the outermost scope clears the table).</summary>
    public static Scope Share()
    {
        t_depth++;
        return default;
    }

    /// <summary>The current string token's value, shared with an equal one read earlier in the same scope.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (t_depth == 0 || reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxBytes)
        {
            return reader.GetString()!;
        }

        var bytes = reader.ValueSpan;
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        var table = t_table ??= new string?[Slots];
        ref var slot = ref table[hash & (Slots - 1)];
        if (slot is { } earlier && reader.ValueTextEquals(earlier))
        {
            return earlier;
        }

        return slot = reader.GetString()!;
    }

    /// <summary>Ends a sharing scope.</summary>
    public readonly struct Scope : IDisposable
    {
        /// <inheritdoc />
        public void Dispose()
        {
            if (--t_depth == 0 && t_table is { } table)
            {
                Array.Clear(table);
            }
        }
    }
}

/// <summary>The string converter of generated code: as System.Text.Json's, with repeated values shared (see <see cref="RepeatedStrings"/>).</summary>
internal sealed class SharedStringConverter : JsonConverter<string>
{
    public static SharedStringConverter Instance { get; } = new();

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? RepeatedStrings.Read(ref reader) : reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(value);
    }
}
