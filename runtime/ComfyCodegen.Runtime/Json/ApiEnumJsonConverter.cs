using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// Reads and writes any generated enum as its JSON string. A listed value is matched on its UTF-8 bytes and answered
/// with the shared instance, so reading one allocates nothing; only a value the spec does not list becomes a new string.
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
public sealed class ApiEnumJsonConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, IApiEnum<TEnum>
{
    private readonly TEnum[] _listed;
    private readonly byte[][] _utf8;

    /// <summary>Creates a converter; <see cref="Instance"/> is the shared one.</summary>
    public ApiEnumJsonConverter()
    {
        var listed = TEnum.Listed;
        _listed = new TEnum[listed.Count];
        _utf8 = new byte[listed.Count][];
        for (var i = 0; i < _listed.Length; i++)
        {
            _listed[i] = listed[i];
            _utf8[i] = Encoding.UTF8.GetBytes(listed[i].Value);
        }
    }

    /// <summary>The shared instance.</summary>
    public static ApiEnumJsonConverter<TEnum> Instance { get; } = new();

    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a JSON string for {typeof(TEnum).Name}, found {reader.TokenType}.");
        }

        for (var i = 0; i < _utf8.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8[i]))
            {
                return _listed[i];
            }
        }

        return TEnum.Create(reader.GetString()!);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
