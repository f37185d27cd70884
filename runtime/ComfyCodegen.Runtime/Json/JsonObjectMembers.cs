using System;
using System.Text;
using System.Text.Json;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// The members of one schema, numbered: their JSON names as text (for messages), as UTF-8 (to match on read) and
/// pre-encoded (to write). One per converter, built once.
/// </summary>
internal sealed class JsonObjectMembers
{
    private readonly byte[][] _utf8Names;

    public JsonObjectMembers(string typeName, string[] memberNames)
    {
        TypeName = typeName ?? throw new ArgumentNullException(nameof(typeName));
        Names = memberNames ?? throw new ArgumentNullException(nameof(memberNames));
        _utf8Names = new byte[memberNames.Length][];
        EncodedNames = new JsonEncodedText[memberNames.Length];
        for (var i = 0; i < memberNames.Length; i++)
        {
            _utf8Names[i] = Encoding.UTF8.GetBytes(memberNames[i]);
            EncodedNames[i] = JsonEncodedText.Encode(memberNames[i]);
        }
    }

    /// <summary>The schema's type, for messages.</summary>
    public string TypeName { get; }

    public string[] Names { get; }

    public JsonEncodedText[] EncodedNames { get; }

    /// <summary>
    /// The number of the member whose name the reader stands on, or -1. The search starts after the member found last,
    /// because servers mostly write members in the spec's order: then each name is compared once.
    /// </summary>
    public int Find(ref Utf8JsonReader reader, ref JsonMemberSet seen)
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
}
