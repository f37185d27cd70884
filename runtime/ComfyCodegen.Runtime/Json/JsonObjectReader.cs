using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// One JSON object read member by member for a generated converter (see <see cref="JsonObjectConverter{T}"/>): it
/// finds each member the schema names, skips the others, keeps which were seen, and reads values with the serializer's
/// options, so a converter's line for a member names only the member's number and its value's converter.
/// </summary>
/// <remarks>
/// It reads a copy of the caller's <see cref="Utf8JsonReader"/> (a ref field cannot hold a ref struct), which the
/// converter hands back through <see cref="Reader"/> when the object is read.
/// </remarks>
public ref struct JsonObjectReader
{
    private Utf8JsonReader _reader;
    private readonly JsonSerializerOptions _options;
    private readonly JsonObjectMembers _members;
    private JsonMemberSet _seen;

    internal JsonObjectReader(scoped ref Utf8JsonReader reader, JsonSerializerOptions options, JsonObjectMembers members)
    {
        JsonReading.ExpectStartObject(ref reader, members.TypeName);
        _reader = reader;
        _options = options;
        _members = members;
        _seen = default;
    }

    /// <summary>The reader, where this one has read to.</summary>
    internal readonly Utf8JsonReader Reader => _reader;

    /// <summary>The members seen so far, by number.</summary>
    public readonly JsonMemberSet Seen => _seen;

    /// <summary>
    /// Moves onto the value of the next member the schema names, skipping any other; false at the end of the object.
    /// </summary>
    /// <param name="member">The member's number.</param>
    /// <returns>Whether there is a member.</returns>
    public bool Next(out int member)
    {
        while (NextName(out member))
        {
            _reader.Read();
            if (member >= 0)
            {
                return true;
            }

            _reader.Skip();
        }

        return false;
    }

    /// <summary>
    /// Like <see cref="Next"/>, but stops on members the schema does not name too, with their name: for schemas that
    /// keep such members.
    /// </summary>
    /// <param name="member">The member's number, or -1 for a member the schema does not name.</param>
    /// <param name="otherName">The name of a member the schema does not name; null otherwise.</param>
    /// <returns>Whether there is a member.</returns>
    public bool NextOrOther(out int member, out string? otherName)
    {
        otherName = null;
        if (!NextName(out member))
        {
            return false;
        }

        if (member < 0)
        {
            otherName = _reader.GetString();
        }

        _reader.Read();
        return true;
    }

    /// <summary>Reads a reference value; null for a JSON null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="converter">The converter of the value's type.</param>
    /// <returns>The value.</returns>
    public TValue? Class<TValue>(JsonConverter<TValue> converter)
        where TValue : class =>
        _reader.TokenType == JsonTokenType.Null ? null : converter.Read(ref _reader, typeof(TValue), _options);

    /// <summary>Reads a value type; null for a JSON null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="converter">The converter of the value's type.</param>
    /// <returns>The value.</returns>
    public TValue? Struct<TValue>(JsonConverter<TValue> converter)
        where TValue : struct =>
        _reader.TokenType == JsonTokenType.Null ? null : converter.Read(ref _reader, typeof(TValue), _options);

    // The primitives, one short call each (the generated code names the type, not its converter); each reads as the
    // converter the generator used to name did.

    /// <summary>Reads a member of type <c>string</c>; null for a JSON null.</summary>
    public string? String() => Class(JsonPrimitives.String);

    /// <summary>Reads a member of type <c>int</c>; null for a JSON null.</summary>
    public int? Int32() => Struct(JsonMetadataServices.Int32Converter);

    /// <summary>Reads a member of type <c>long</c>; null for a JSON null.</summary>
    public long? Int64() => Struct(JsonMetadataServices.Int64Converter);

    /// <summary>Reads a member of type <c>float</c>; null for a JSON null.</summary>
    public float? Single() => Struct(JsonMetadataServices.SingleConverter);

    /// <summary>Reads a member of type <c>double</c>; null for a JSON null.</summary>
    public double? Double() => Struct(JsonMetadataServices.DoubleConverter);

    /// <summary>Reads a member of type <c>bool</c>; null for a JSON null.</summary>
    public bool? Boolean() => Struct(JsonMetadataServices.BooleanConverter);

    /// <summary>Reads a member of type <c>System.DateTimeOffset</c>; null for a JSON null.</summary>
    public System.DateTimeOffset? DateTimeOffset() => Struct(JsonMetadataServices.DateTimeOffsetConverter);

    /// <summary>Reads a member of type <c>System.DateOnly</c>; null for a JSON null.</summary>
    public System.DateOnly? DateOnly() => Struct(JsonMetadataServices.DateOnlyConverter);

    /// <summary>Reads a member of type <c>System.TimeSpan</c>; null for a JSON null.</summary>
    public System.TimeSpan? TimeSpan() => Struct(JsonMetadataServices.TimeSpanConverter);

    /// <summary>Reads a member of type <c>System.Guid</c>; null for a JSON null.</summary>
    public System.Guid? Guid() => Struct(JsonMetadataServices.GuidConverter);

    /// <summary>Reads a member of type <c>System.Uri</c>; null for a JSON null.</summary>
    public System.Uri? Uri() => Class(JsonPrimitives.Uri);

    /// <summary>Reads a member of type <c>byte[]</c>; null for a JSON null.</summary>
    public byte[]? Bytes() => Class(JsonPrimitives.Bytes);

    /// <summary>Reads a member of type <c>JsonElement</c>; null for a JSON null.</summary>
    public JsonElement? JsonElement() => Struct(JsonMetadataServices.JsonElementConverter);

    /// <summary>A required, non-nullable member of a value type: its value, or the exception saying it was missing or null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="value">The value read; null when the member was absent or null.</param>
    /// <param name="member">The member's number.</param>
    /// <returns>The value.</returns>
    public readonly TValue RequiredStruct<TValue>(TValue? value, int member)
        where TValue : struct =>
        value ?? throw Absent(member);

    /// <summary>A required, non-nullable member of a reference type: its value, or the exception saying it was missing or null.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="value">The value read; null when the member was absent or null.</param>
    /// <param name="member">The member's number.</param>
    /// <returns>The value.</returns>
    public readonly TValue RequiredClass<TValue>(TValue? value, int member)
        where TValue : class =>
        value ?? throw Absent(member);

    /// <summary>A required, nullable member: its value (null included), or the exception saying it was missing.</summary>
    /// <typeparam name="TValue">The value's type.</typeparam>
    /// <param name="value">The value read.</param>
    /// <param name="member">The member's number.</param>
    /// <returns>The value.</returns>
    public readonly TValue Present<TValue>(TValue value, int member) =>
        _seen.Contains(member) ? value : throw JsonReading.MissingProperty(_members.TypeName, _members.Names[member]);

    private readonly JsonException Absent(int member) =>
        JsonReading.Absent(_seen.Contains(member), _members.TypeName, _members.Names[member]);

    /// <summary>Moves onto the next member's name: its number, or -1 when the schema does not name it; false at the end.</summary>
    private bool NextName(out int member)
    {
        if (!_reader.Read())
        {
            throw new JsonException($"The JSON ends inside {_members.TypeName}.");
        }

        if (_reader.TokenType == JsonTokenType.EndObject)
        {
            member = -1;
            return false;
        }

        member = _members.Find(ref _reader, ref _seen);
        return true;
    }
}
