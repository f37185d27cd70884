using System;
using System.Collections.Generic;
using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Writes XML documentation from spec prose. Text is XML-escaped and every line gets its own "///", so a
/// description holding "*/", markup, quotes or newlines can neither break the comment nor inject code.
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

    public static void Raw(SourceWriter writer, string xml) => writer.WriteLine("/// " + xml);

    public static string Escape(string text) => text
        .Replace("&", "&amp;")
        .Replace("<", "&lt;")
        .Replace(">", "&gt;")
        .Replace("\"", "&quot;");

    private static string Unescape(string identifier) => identifier.TrimStart('@');

    private static void Element(SourceWriter writer, string tag, string text) => Lines(writer, $"<{tag}>", text, $"</{tag}>");

    private static void Lines(SourceWriter writer, string open, string text, string close)
    {
        var lines = SplitLines(text);
        if (lines.Count == 1)
        {
            writer.WriteLine($"/// {open}{Escape(lines[0])}{close}");
            return;
        }

        writer.WriteLine("/// " + open);
        foreach (var line in lines)
        {
            writer.WriteLine(line.Length == 0 ? "/// <para/>" : "/// " + Escape(line));
        }

        writer.WriteLine("/// " + close);
    }

    private static List<string> SplitLines(string text)
    {
        var result = new List<string>();
        foreach (var raw in text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
        {
            // Control characters other than tab are not allowed in XML, even escaped.
            var line = new System.Text.StringBuilder(raw.Length);
            foreach (var c in raw.TrimEnd())
            {
                line.Append(char.IsControl(c) && c != '\t' ? ' ' : c);
            }

            result.Add(line.ToString());
        }

        while (result.Count > 1 && result[result.Count - 1].Length == 0)
        {
            result.RemoveAt(result.Count - 1);
        }

        return result;
    }
}
