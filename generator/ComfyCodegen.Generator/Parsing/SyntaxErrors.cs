using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// Where a YAML or JSON syntax error is, from the reader's message, 0-based for Roslyn, and the message without the
/// reader's own 0-based marks (which would contradict the 1-based position a diagnostic shows).
/// </summary>
internal static class SyntaxErrors
{
    // SharpYaml, through the reader: "Unable to parse the YAML document at line 5, column 16: (Lin: 4, Col: 15, Chr: 62) - (Lin: 6, Col: 0, Chr: 77): text".
    private static readonly Regex YamlMarks = new(
        @"line (\d+), column (\d+): \(Lin: (\d+), Col: (\d+), Chr: \d+\) - \(Lin: (\d+), Col: (\d+), Chr: \d+\): (.*)$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline);

    // System.Text.Json: "'\"' is invalid after a value. Expected either ',', '}', or ']'. LineNumber: 3 | BytePositionInLine: 2."
    private static readonly Regex JsonPosition = new(@"^(.*?)\s*LineNumber: (\d+) \| BytePositionInLine: (\d+)\.?\s*$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private static readonly Regex JsonReaderPrefix = new(@"^Please provide the correct format,\s*", RegexOptions.CultureInvariant);

    public static bool TryLocate(string message, string text, out int line, out int column, out string description)
    {
        var yaml = YamlMarks.Match(message);
        if (yaml.Success)
        {
            description = yaml.Groups[7].Value.Trim();
            // A tab where indentation belongs is reported for the block it breaks; the fault is where the block ends.
            var atEnd = description.IndexOf("tab character", StringComparison.OrdinalIgnoreCase) >= 0;
            line = Number(yaml.Groups[atEnd ? 5 : 3]);
            column = Number(yaml.Groups[atEnd ? 6 : 4]);
            if (atEnd)
            {
                column = FirstTab(text, line) ?? column;
            }

            return true;
        }

        var json = JsonPosition.Match(message);
        if (json.Success)
        {
            description = JsonReaderPrefix.Replace(json.Groups[1].Value.Trim(), string.Empty);
            line = Number(json.Groups[2]);
            column = CharacterColumn(text, line, Number(json.Groups[3]));
            return true;
        }

        line = column = 0;
        description = message;
        return false;
    }

    private static int Number(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string? Line(string text, int line)
    {
        var lines = text.Split('\n');
        return line < lines.Length ? lines[line].TrimEnd('\r') : null;
    }

    private static int? FirstTab(string text, int line)
    {
        var index = Line(text, line)?.IndexOf('\t') ?? -1;
        return index >= 0 ? index : null;
    }

    // The JSON reader counts bytes of UTF-8; a diagnostic counts characters.
    private static int CharacterColumn(string text, int line, int bytes)
    {
        var content = Line(text, line);
        if (content is null)
        {
            return bytes;
        }

        var encoded = Encoding.UTF8.GetBytes(content);
        return Encoding.UTF8.GetCharCount(encoded, 0, Math.Min(bytes, encoded.Length));
    }
}
