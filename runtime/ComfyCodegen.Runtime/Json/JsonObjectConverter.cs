using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// What every generated object converter does the same way, so a converter is only its members: the member names
/// (matched on read, pre-encoded for write), the loop over the object's members, the presence of required members,
/// the messages for a missing or null one, and how null and absent members are written.
/// </summary>
/// <typeparam name="T">The schema's type.</typeparam>
public abstract class JsonObjectConverter<T> : JsonConverter<T>
{
    private readonly string _typeName;
    private readonly string[] _names;
    private readonly byte[][] _utf8Names;
    private readonly JsonEncodedText[] _encodedNames;

    /// <summary>Creates the converter of a schema.</summary>
    /// <param name="typeName">The schema's type, for messages.</param>
    /// <param name="memberNames">The JSON names of the schema's members, in the order the converter numbers them.</param>
    protected JsonObjectConverter(string typeName, params string[] memberNames)
    {
        _typeName = typeName ?? throw new ArgumentNullException(nameof(typeName));
        _names = memberNames ?? throw new ArgumentNullException(nameof(memberNames));
        _utf8Names = new byte[memberNames.Length][];
        _encodedNames = new JsonEncodedText[memberNames.Length];
        for (var i = 0; i < memberNames.Length; i++)
        {
            _utf8Names[i] = Encoding.UTF8.GetBytes(memberNames[i]);
            _encodedNames[i] = JsonEncodedText.Encode(memberNames[i]);
        }
    }

    /// <summary>Throws unless the reader stands on the start of an object; the members seen so far (none).</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>An empty set, for <see cref="Next"/>.</returns>
    protected JsonMemberSet Start(ref Utf8JsonReader reader)
    {
        JsonReading.ExpectStartObject(ref reader, _typeName);
        return default;
    }

    /// <summary>
    /// Moves the reader onto the value of the next member the schema names, skipping any other; false at the end of
    /// the object.
    /// </summary>
    /// <param name="reader">The reader, on the start of the object or on the last value read.</param>
    /// <param name="seen">The members seen so far; the one found is added.</param>
    /// <param name="member">The member's number.</param>
    /// <returns>Whether there is a member.</returns>
    protected bool Next(ref Utf8JsonReader reader, ref JsonMemberSet seen, out int member)
    {
        while (NextName(ref reader, ref seen, out member))
        {
            reader.Read();
            if (member >= 0)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>
    /// Like <see cref="Next"/>, but stops on members the schema does not name too, with their name: for schemas that
    /// keep such members.
    /// </summary>
    /// <param name="reader">The reader, on the start of the object or on the last value read.</param>
    /// <param name="seen">The members seen so far; the one found is added.</param>
    /// <param name="member">The member's number, or -1 for a member the schema does not name.</param>
    /// <param name="otherName">The name of a member the schema does not name; null otherwise.</param>
    /// <returns>Whether there is a member.</returns>
    protected bool NextOrOther(ref Utf8JsonReader reader, ref JsonMemberSet seen, out int member, out string? otherName)
    {
        otherName = null;
        if (!NextName(ref reader, ref seen, out member))
        {
            return false;
        }

        if (member < 0)
        {
            otherName = reader.GetString();
        }

        reader.Read();
        return true;
    }

    /// <summary>Moves onto the next member's name: its number, or -1 when the schema does not name it; false at the end.</summary>
    private bool NextName(ref Utf8JsonReader reader, ref JsonMemberSet seen, out int member)
    {
        if (!reader.Read())
        {
            throw new JsonException($"The JSON ends inside {_typeName}.");
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            member = -1;
            return false;
        }

        member = Find(ref reader, ref seen);
        return true;
    }

    /// <summary>
    /// The number of the member whose name the reader stands on, or -1. The search starts after the member found last,
    /// because servers mostly write members in the spec's order: then each name is compared once.
    /// </summary>
    private int Find(ref Utf8JsonReader reader, ref JsonMemberSet seen)
    {
        var names = _utf8Names;
        var start = seen.Expected;
        for (var k = 0; k < names.Length; k++)
        {
            var i = start + k;
            if (i >= names.Length)
            {
                i -= names.Length;
            }

            if (reader.ValueTextEquals(names[i]))
            {
                seen.Add(i);
                seen.Expected = i + 1 == names.Length ? 0 : i + 1;
                return i;
            }
        }

        return -1;
    }

    /// <summary>Reads a reference value; null for a JSON null.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The value.</returns>
    protected static TValue? ReadClass<TValue>(ref Utf8JsonReader reader, JsonConverter<TValue> converter, JsonSerializerOptions options)
        where TValue : class =>
        reader.TokenType == JsonTokenType.Null ? null : converter.Read(ref reader, typeof(TValue), options);

    /// <summary>Reads a value type; null for a JSON null.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The value.</returns>
    protected static TValue? ReadStruct<TValue>(ref Utf8JsonReader reader, JsonConverter<TValue> converter, JsonSerializerOptions options)
        where TValue : struct =>
        reader.TokenType == JsonTokenType.Null ? null : converter.Read(ref reader, typeof(TValue), options);

    /// <summary>A required, non-nullable member of a value type: its value, or the exception saying it was missing or null.</summary>
    /// <param name="value">The value read; null when the member was absent or null.</param>
    /// <param name="seen">The members seen.</param>
    /// <param name="member">The member's number.</param>
    /// <returns>The value.</returns>
    protected TValue RequiredStruct<TValue>(TValue? value, in JsonMemberSet seen, int member)
        where TValue : struct =>
        value ?? throw Absent(seen, member);

    /// <summary>A required, non-nullable member of a reference type: its value, or the exception saying it was missing or null.</summary>
    /// <param name="value">The value read; null when the member was absent or null.</param>
    /// <param name="seen">The members seen.</param>
    /// <param name="member">The member's number.</param>
    /// <returns>The value.</returns>
    protected TValue RequiredClass<TValue>(TValue? value, in JsonMemberSet seen, int member)
        where TValue : class =>
        value ?? throw Absent(seen, member);

    /// <summary>A required, nullable member: its value (null included), or the exception saying it was missing.</summary>
    /// <param name="value">The value read.</param>
    /// <param name="seen">The members seen.</param>
    /// <param name="member">The member's number.</param>
    /// <returns>The value.</returns>
    protected TValue Present<TValue>(TValue value, in JsonMemberSet seen, int member) =>
        seen.Contains(member) ? value : throw JsonReading.MissingProperty(_typeName, _names[member]);

    private JsonException Absent(in JsonMemberSet seen, int member) =>
        JsonReading.Absent(seen.Contains(member), _typeName, _names[member]);

    /// <summary>Writes a member, as JSON null when the value is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    /// <param name="options">The serializer options.</param>
    protected void Write<TValue>(Utf8JsonWriter writer, int member, TValue value, JsonConverter<TValue> converter, JsonSerializerOptions options)
    {
        writer.WritePropertyName(_encodedNames[member]);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            converter.Write(writer, value, options);
        }
    }

    /// <summary>Writes an optional member of a reference type, or nothing when it is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    /// <param name="options">The serializer options.</param>
    protected void WriteOptional<TValue>(Utf8JsonWriter writer, int member, TValue? value, JsonConverter<TValue> converter, JsonSerializerOptions options)
        where TValue : class
    {
        if (value is not null)
        {
            writer.WritePropertyName(_encodedNames[member]);
            converter.Write(writer, value, options);
        }
    }

    /// <summary>Writes an optional member of a value type, or nothing when it is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    /// <param name="options">The serializer options.</param>
    protected void WriteOptional<TValue>(Utf8JsonWriter writer, int member, TValue? value, JsonConverter<TValue> converter, JsonSerializerOptions options)
        where TValue : struct
    {
        if (value is { } present)
        {
            writer.WritePropertyName(_encodedNames[member]);
            converter.Write(writer, present, options);
        }
    }

    /// <summary>Writes a required, nullable member of a value type: its value, or JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    /// <param name="options">The serializer options.</param>
    protected void WriteNullable<TValue>(Utf8JsonWriter writer, int member, TValue? value, JsonConverter<TValue> converter, JsonSerializerOptions options)
        where TValue : struct
    {
        writer.WritePropertyName(_encodedNames[member]);
        if (value is { } present)
        {
            converter.Write(writer, present, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes a required, nullable member of a reference type: its value, or JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="member">The member's number.</param>
    /// <param name="value">The value.</param>
    /// <param name="converter">The converter of the value's type.</param>
    /// <param name="options">The serializer options.</param>
    protected void WriteNullable<TValue>(Utf8JsonWriter writer, int member, TValue? value, JsonConverter<TValue> converter, JsonSerializerOptions options)
        where TValue : class
    {
        writer.WritePropertyName(_encodedNames[member]);
        if (value is not null)
        {
            converter.Write(writer, value, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
