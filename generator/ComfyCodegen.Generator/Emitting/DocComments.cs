using System;
using System.Collections.Generic;
using System.Text;
using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// The one way text reaches a comment in generated source: XML documentation from spec prose. Text is split at
/// every line terminator C# knows (CR, LF, CRLF, U+0085, U+2028, U+2029), each line gets its own "///", and
/// each line is XML-escaped with the characters XML cannot hold replaced, so a description holding "*/",
/// markup, quotes, line separators or control characters can neither leave the comment nor break its XML.
/// </summary>
internal static class DocComments
{
    public static void Summary(SourceWriter writer, string? text, string fallback)
    {
        Element(writer, "summary", string.IsNullOrWhiteSpace(text) ? fallback : text!);
    }

    public static void Remarks(SourceWriter writer, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            Element(writer, "remarks", text!);
        }
    }

    public static void Param(SourceWriter writer, string name, string? text)
    {
        var body = string.IsNullOrWhiteSpace(text) ? $"The {Unescape(name)} parameter." : text!;
        Lines(writer, $"<param name=\"{Escape(Unescape(name))}\">", body, "</param>");
    }

    public static void Returns(SourceWriter writer, string text) => Element(writer, "returns", text);

    /// <summary>
    /// Writes the generator's own markup; spec text inside it must come through <see cref="Escape"/>. Every line
    /// still gets its own "///", whatever the markup holds.
    /// </summary>
    public static void Raw(SourceWriter writer, string xml)
    {
        if (!HasLineTerminator(xml))
        {
            writer.WriteLine("/// " + xml.TrimEnd());
            return;
        }

        foreach (var line in SplitLines(xml))
        {
            writer.WriteLine("/// " + line);
        }
    }

    /// <summary>
    /// Text for inside one line of XML documentation: XML-escaped, line terminators and control characters
    /// (tab aside) as spaces, lone surrogates and the non-characters U+FFFE/U+FFFF (not allowed in XML) as U+FFFD.
    /// </summary>
    public static string Escape(string text)
    {
        // Most spec prose needs nothing: hand it back as it is rather than copy it character by character.
        var first = FirstToEscape(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }

            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '"':
                    builder.Append("&quot;");
                    break;
                case '\t':
                    builder.Append(c);
                    break;
                default:
                    builder.Append(NeedsReplacing(c) ? Replacement(c) : c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The index of the first character <see cref="Escape"/> changes, or -1 when it changes none.</summary>
    private static int FirstToEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (c is '&' or '<' or '>' or '"' || (c != '\t' && NeedsReplacing(c)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Line terminators and control characters (tab aside) become spaces; what XML cannot hold, U+FFFD.</summary>
    private static bool NeedsReplacing(char c) =>
        char.IsControl(c) || IsLineTerminator(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF';

    private static char Replacement(char c) => char.IsControl(c) || IsLineTerminator(c) ? ' ' : '\uFFFD';

    private static string Unescape(string identifier) => identifier.TrimStart('@');

    private static void Element(SourceWriter writer, string tag, string text) => Lines(writer, $"<{tag}>", text, $"</{tag}>");

    private static void Lines(SourceWriter writer, string open, string text, string close)
    {
        if (!HasLineTerminator(text))
        {
            writer.WriteLine($"/// {open}{Escape(text.TrimEnd())}{close}");
            return;
        }

        var lines = SplitLines(text);
        if (lines.Count == 1)
        {
            writer.WriteLine($"/// {open}{Escape(lines[0])}{close}");
            return;
        }

        writer.WriteLine("/// " + open);
        foreach (var line in lines)
        {
            var escaped = Escape(line).TrimEnd();
            writer.WriteLine(escaped.Length == 0 ? "/// <para/>" : "/// " + escaped);
        }

        writer.WriteLine("/// " + close);
    }

    /// <summary>The lines of <paramref name="text"/> as C# counts them; trailing empty lines dropped.</summary>
    private static List<string> SplitLines(string text)
    {
        var result = new List<string>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !IsLineTerminator(text[i]))
            {
                continue;
            }

            result.Add(text.Substring(start, i - start).TrimEnd());
            if (i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n')
            {
                i++;
            }

            start = i + 1;
        }

        while (result.Count > 1 && result[result.Count - 1].Length == 0)
        {
            result.RemoveAt(result.Count - 1);
        }

        return result;
    }

    private static bool HasLineTerminator(string text)
    {
        foreach (var c in text)
        {
            if (IsLineTerminator(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLineTerminator(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';
}
