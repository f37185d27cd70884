using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// Writes the members of one JSON object for a generated converter (see <see cref="JsonObjectConverter{T}"/>), by
/// number, with pre-encoded names and the serializer's options: required members always (null as null), optional
/// ones only when they have a value.
/// </summary>
public readonly struct JsonObjectWriter
{
    private readonly Utf8JsonWriter _writer;
    private readonly JsonSerializerOptions _options;
    private readonly JsonObjectMembers _members;

    internal JsonObjectWriter(Utf8JsonWriter writer, JsonSerializerOptions options, JsonObjectMembers members)
    {
        _writer = writer;
        _options = options;
        _members = members;
    }

    /// <summary>Writes a member, as JSON null when the value is null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    public void Write<TValue>(int member, TValue value, JsonConverter<TValue> converter)
    {
        _writer.WritePropertyName(_members.EncodedNames[member]);
        WriteValue(value, converter);
    }

    /// <summary>Writes an optional member of a reference type, or nothing when it is null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    public void Optional<TValue>(int member, TValue? value, JsonConverter<TValue> converter)
        where TValue : class
    {
        if (value is not null)
        {
            _writer.WritePropertyName(_members.EncodedNames[member]);
            converter.Write(_writer, value, _options);
        }
    }

    /// <summary>Writes an optional member of a value type, or nothing when it is null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    public void Optional<TValue>(int member, TValue? value, JsonConverter<TValue> converter)
        where TValue : struct
    {
        if (value is { } present)
        {
            _writer.WritePropertyName(_members.EncodedNames[member]);
            converter.Write(_writer, present, _options);
        }
    }

    /// <summary>Writes a required, nullable member of a value type: its value, or JSON null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    public void Nullable<TValue>(int member, TValue? value, JsonConverter<TValue> converter)
        where TValue : struct
    {
        _writer.WritePropertyName(_members.EncodedNames[member]);
        WriteValue(value, converter);
    }

    /// <summary>Writes a required, nullable member of a reference type: its value, or JSON null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    public void Nullable<TValue>(int member, TValue? value, JsonConverter<TValue> converter)
        where TValue : class =>
        Write(member, value!, converter); // Write writes null as null: for a reference type the two are one.

    // The primitives: the value's type picks the overload, and with it the converter.

    /// <summary>Writes a member of type <c>string</c>, as JSON null when it is null.</summary>
    public void Write(int member, string? value) => Write(member, value!, JsonPrimitives.String);

    /// <summary>Writes an optional member of type <c>string</c>, or nothing when it is null.</summary>
    public void Optional(int member, string? value) => Optional(member, value, JsonPrimitives.String);

    /// <summary>Writes a required, nullable member of type <c>string</c>: its value, or JSON null.</summary>
    public void Nullable(int member, string? value) => Nullable(member, value, JsonPrimitives.String);

    /// <summary>Writes a member of type <c>int</c>.</summary>
    public void Write(int member, int value) => Write(member, value, JsonMetadataServices.Int32Converter);

    /// <summary>Writes an optional member of type <c>int</c>, or nothing when it is null.</summary>
    public void Optional(int member, int? value) => Optional(member, value, JsonMetadataServices.Int32Converter);

    /// <summary>Writes a required, nullable member of type <c>int</c>: its value, or JSON null.</summary>
    public void Nullable(int member, int? value) => Nullable(member, value, JsonMetadataServices.Int32Converter);

    /// <summary>Writes a member of type <c>long</c>.</summary>
    public void Write(int member, long value) => Write(member, value, JsonMetadataServices.Int64Converter);

    /// <summary>Writes an optional member of type <c>long</c>, or nothing when it is null.</summary>
    public void Optional(int member, long? value) => Optional(member, value, JsonMetadataServices.Int64Converter);

    /// <summary>Writes a required, nullable member of type <c>long</c>: its value, or JSON null.</summary>
    public void Nullable(int member, long? value) => Nullable(member, value, JsonMetadataServices.Int64Converter);

    /// <summary>Writes a member of type <c>float</c>.</summary>
    public void Write(int member, float value) => Write(member, value, JsonMetadataServices.SingleConverter);

    /// <summary>Writes an optional member of type <c>float</c>, or nothing when it is null.</summary>
    public void Optional(int member, float? value) => Optional(member, value, JsonMetadataServices.SingleConverter);

    /// <summary>Writes a required, nullable member of type <c>float</c>: its value, or JSON null.</summary>
    public void Nullable(int member, float? value) => Nullable(member, value, JsonMetadataServices.SingleConverter);

    /// <summary>Writes a member of type <c>double</c>.</summary>
    public void Write(int member, double value) => Write(member, value, JsonMetadataServices.DoubleConverter);

    /// <summary>Writes an optional member of type <c>double</c>, or nothing when it is null.</summary>
    public void Optional(int member, double? value) => Optional(member, value, JsonMetadataServices.DoubleConverter);

    /// <summary>Writes a required, nullable member of type <c>double</c>: its value, or JSON null.</summary>
    public void Nullable(int member, double? value) => Nullable(member, value, JsonMetadataServices.DoubleConverter);

    /// <summary>Writes a member of type <c>bool</c>.</summary>
    public void Write(int member, bool value) => Write(member, value, JsonMetadataServices.BooleanConverter);

    /// <summary>Writes an optional member of type <c>bool</c>, or nothing when it is null.</summary>
    public void Optional(int member, bool? value) => Optional(member, value, JsonMetadataServices.BooleanConverter);

    /// <summary>Writes a required, nullable member of type <c>bool</c>: its value, or JSON null.</summary>
    public void Nullable(int member, bool? value) => Nullable(member, value, JsonMetadataServices.BooleanConverter);

    /// <summary>Writes a member of type <c>System.DateTimeOffset</c>.</summary>
    public void Write(int member, System.DateTimeOffset value) => Write(member, value, JsonMetadataServices.DateTimeOffsetConverter);

    /// <summary>Writes an optional member of type <c>System.DateTimeOffset</c>, or nothing when it is null.</summary>
    public void Optional(int member, System.DateTimeOffset? value) => Optional(member, value, JsonMetadataServices.DateTimeOffsetConverter);

    /// <summary>Writes a required, nullable member of type <c>System.DateTimeOffset</c>: its value, or JSON null.</summary>
    public void Nullable(int member, System.DateTimeOffset? value) => Nullable(member, value, JsonMetadataServices.DateTimeOffsetConverter);

    /// <summary>Writes a member of type <c>System.DateOnly</c>.</summary>
    public void Write(int member, System.DateOnly value) => Write(member, value, JsonMetadataServices.DateOnlyConverter);

    /// <summary>Writes an optional member of type <c>System.DateOnly</c>, or nothing when it is null.</summary>
    public void Optional(int member, System.DateOnly? value) => Optional(member, value, JsonMetadataServices.DateOnlyConverter);

    /// <summary>Writes a required, nullable member of type <c>System.DateOnly</c>: its value, or JSON null.</summary>
    public void Nullable(int member, System.DateOnly? value) => Nullable(member, value, JsonMetadataServices.DateOnlyConverter);

    /// <summary>Writes a member of type <c>System.TimeSpan</c>.</summary>
    public void Write(int member, System.TimeSpan value) => Write(member, value, JsonMetadataServices.TimeSpanConverter);

    /// <summary>Writes an optional member of type <c>System.TimeSpan</c>, or nothing when it is null.</summary>
    public void Optional(int member, System.TimeSpan? value) => Optional(member, value, JsonMetadataServices.TimeSpanConverter);

    /// <summary>Writes a required, nullable member of type <c>System.TimeSpan</c>: its value, or JSON null.</summary>
    public void Nullable(int member, System.TimeSpan? value) => Nullable(member, value, JsonMetadataServices.TimeSpanConverter);

    /// <summary>Writes a member of type <c>System.Guid</c>.</summary>
    public void Write(int member, System.Guid value) => Write(member, value, JsonMetadataServices.GuidConverter);

    /// <summary>Writes an optional member of type <c>System.Guid</c>, or nothing when it is null.</summary>
    public void Optional(int member, System.Guid? value) => Optional(member, value, JsonMetadataServices.GuidConverter);

    /// <summary>Writes a required, nullable member of type <c>System.Guid</c>: its value, or JSON null.</summary>
    public void Nullable(int member, System.Guid? value) => Nullable(member, value, JsonMetadataServices.GuidConverter);

    /// <summary>Writes a member of type <c>System.Uri</c>, as JSON null when it is null.</summary>
    public void Write(int member, System.Uri? value) => Write(member, value!, JsonPrimitives.Uri);

    /// <summary>Writes an optional member of type <c>System.Uri</c>, or nothing when it is null.</summary>
    public void Optional(int member, System.Uri? value) => Optional(member, value, JsonPrimitives.Uri);

    /// <summary>Writes a required, nullable member of type <c>System.Uri</c>: its value, or JSON null.</summary>
    public void Nullable(int member, System.Uri? value) => Nullable(member, value, JsonPrimitives.Uri);

    /// <summary>Writes a member of type <c>byte[]</c>, as JSON null when it is null.</summary>
    public void Write(int member, byte[]? value) => Write(member, value!, JsonPrimitives.Bytes);

    /// <summary>Writes an optional member of type <c>byte[]</c>, or nothing when it is null.</summary>
    public void Optional(int member, byte[]? value) => Optional(member, value, JsonPrimitives.Bytes);

    /// <summary>Writes a required, nullable member of type <c>byte[]</c>: its value, or JSON null.</summary>
    public void Nullable(int member, byte[]? value) => Nullable(member, value, JsonPrimitives.Bytes);

    /// <summary>Writes a member of type <c>JsonElement</c>.</summary>
    public void Write(int member, JsonElement value) => Write(member, value, JsonMetadataServices.JsonElementConverter);

    /// <summary>Writes an optional member of type <c>JsonElement</c>, or nothing when it is null.</summary>
    public void Optional(int member, JsonElement? value) => Optional(member, value, JsonMetadataServices.JsonElementConverter);

    /// <summary>Writes a required, nullable member of type <c>JsonElement</c>: its value, or JSON null.</summary>
    public void Nullable(int member, JsonElement? value) => Nullable(member, value, JsonMetadataServices.JsonElementConverter);

    /// <summary>Writes a member the schema does not name (kept from a read), as JSON null when the value is null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="name">The member's name.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    public void Other<TValue>(string name, TValue? value, JsonConverter<TValue> converter)
        where TValue : class
    {
        _writer.WritePropertyName(name);
        WriteValue<TValue>(value!, converter);
    }

    /// <summary>Writes a member the schema does not name, of a value type, as JSON null when it is null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="name">The member's name.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    public void Other<TValue>(string name, TValue? value, JsonConverter<TValue> converter)
        where TValue : struct
    {
        _writer.WritePropertyName(name);
        WriteValue(value, converter);
    }

    private void WriteValue<TValue>(TValue? value, JsonConverter<TValue> converter)
        where TValue : struct
    {
        if (value is { } present)
        {
            converter.Write(_writer, present, _options);
        }
        else
        {
            _writer.WriteNullValue();
        }
    }

    private void WriteValue<TValue>(TValue value, JsonConverter<TValue> converter)
    {
        if (value is null)
        {
            _writer.WriteNullValue();
        }
        else
        {
            converter.Write(_writer, value, _options);
        }
    }
}
