using System.Globalization;
using System.Text;

namespace ComfyCodegen.Generator.Helpers;

/// <summary>
/// The one way a string — from the spec or not — becomes a C# string literal ("…" or "…"u8). Quotes and
/// backslashes are escaped, and so is every character that could end the line (C# ends lines at CR, LF, U+0085,
/// U+2028 and U+2029), is invisible or reorders text (controls, format and bidi characters), or is not a character
/// at all (lone surrogates). The literal's value is the input, exactly; only the
/// UTF-8 literal differs for a lone surrogate, which UTF-8 cannot hold (see <see cref="Utf8"/>).
/// </summary>
internal static class CSharpLiteral
{
    /// <summary>Printable ASCII without a quote or a backslash: what <see cref="Escape(string, string?)"/> keeps as it is.</summary>
    private static bool IsPlainAscii(string value)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c > '~' || c is '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A regular string literal with quotes: "a\nb" for a, LF, b.</summary>
    public static string String(string value) => "\"" + Escape(value) + "\"";

    /// <summary>
    /// A UTF-8 literal ("…"u8) of the bytes .NET sends for <paramref name="value"/>. A lone surrogate has no UTF-8
    /// form (a u8 literal holding one does not compile); Utf8JsonWriter, Encoding.UTF8 and Uri.EscapeDataString all
    /// send U+FFFD for it, so the literal holds U+FFFD too and matches what a generated client writes.
    /// </summary>
    public static string Utf8(string value) => "\"" + Escape(value, loneSurrogate: "\\uFFFD") + "\"u8";

    /// <summary>The text between the quotes of <see cref="String"/>: always one line, safe inside any "…" literal.</summary>
    public static string Escape(string value) => Escape(value, loneSurrogate: null);

    private static string Escape(string value, string? loneSurrogate)
    {
        if (IsPlainAscii(value))
        {
            // Nearly every JSON name and path: nothing to escape, nothing to copy.
            return value;
        }

        var builder = new StringBuilder(value.Length + 2);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                // A pair is one code point: kept when printable, else written as \UXXXXXXXX.
                if (NeedsEscape(CharUnicodeInfo.GetUnicodeCategory(value, i)))
                {
                    builder.Append("\\U").Append(char.ConvertToUtf32(c, value[i + 1]).ToString("X8", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c).Append(value[i + 1]);
                }

                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                builder.Append(loneSurrogate ?? Unicode(c));
                continue;
            }

            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\0': builder.Append("\\0"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                default:
                    if (NeedsEscape(CharUnicodeInfo.GetUnicodeCategory(c)))
                    {
                        builder.Append(Unicode(c));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static string Unicode(char c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>
    /// Controls (U+0085 among them), line and paragraph separators, format characters (bidi overrides, BOM) and
    /// private code points. Unassigned ones are kept: which those are changes with the runtime's Unicode version,
    /// and the output must not.
    /// </summary>
    private static bool NeedsEscape(UnicodeCategory category) => category
        is UnicodeCategory.Control
        or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.Format
        or UnicodeCategory.PrivateUse
        or UnicodeCategory.Surrogate;
}
