using System.Text.Json;
using System.Text.Json.Serialization;

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
        where TValue : class
    {
        _writer.WritePropertyName(_members.EncodedNames[member]);
        // WriteValue writes null for null; the class overload takes the value as its own type.
        WriteValue<TValue>(value!, converter);
    }

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
