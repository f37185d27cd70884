using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// What every generated object converter does the same way, so a converter is only its members: the member names
/// (matched on read, pre-encoded for write), the start and end of the object, and, through
/// <see cref="JsonObjectReader"/> and <see cref="JsonObjectWriter"/>, the loop over the members, the presence of
/// required members, the messages for a missing or null one, and how null and absent members are written.
/// </summary>
/// <typeparam name="T">The schema's type.</typeparam>
public abstract class JsonObjectConverter<T> : JsonConverter<T>
{
    private readonly JsonObjectMembers _members;

    /// <summary>Creates the converter of a schema.</summary>
    /// <param name="typeName">The schema's type, for messages.</param>
    /// <param name="memberNames">The JSON names of the schema's members, in the order the converter numbers them.</param>
    protected JsonObjectConverter(string typeName, params string[] memberNames)
    {
        _members = new JsonObjectMembers(typeName, memberNames);
    }

    /// <inheritdoc />
    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var members = new JsonObjectReader(ref reader, options, _members);
        var value = Read(ref members);
        reader = members.Reader;
        return value;
    }

    /// <inheritdoc />
    public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        Write(new JsonObjectWriter(writer, options, _members), value);
        writer.WriteEndObject();
    }

    /// <summary>Reads the object's members, the reader standing on its start, and makes the value of them.</summary>
    /// <param name="reader">The object's members.</param>
    /// <returns>The value.</returns>
    protected abstract T Read(ref JsonObjectReader reader);

    /// <summary>Writes the value's members (the object's start and end are written around them).</summary>
    /// <param name="writer">Where the members go.</param>
    /// <param name="value">The value.</param>
    protected abstract void Write(JsonObjectWriter writer, T value);
}
