using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace ComfyCodegen.Generator.Helpers;

/// <summary>
/// The one way spec names (snake_case, kebab-case, dotted, unicode, leading digits, empty, or any text at all)
/// become C# identifiers. Only letters, digits, combining marks and connector punctuation survive, so the result is
/// always a single valid identifier and never code; a name with none of those is spelled out from its characters.
/// </summary>
internal static class Identifiers
{
    private static readonly Dictionary<char, string> SymbolNames = new()
    {
        ['-'] = "Minus", ['+'] = "Plus", ['*'] = "Star", ['/'] = "Slash", ['.'] = "Dot", ['@'] = "At",
        ['#'] = "Hash", ['$'] = "Dollar", ['%'] = "Percent", ['&'] = "And", ['='] = "Equals", ['<'] = "Less",
        ['>'] = "Greater", ['!'] = "Not", ['~'] = "Tilde", [':'] = "Colon", [' '] = "Space", ['_'] = "Underscore",
    };

    /// <summary>"list_tags" → "ListTags", "X-API-Key" → "XAPIKey", "1x" → "_1x", "" → "Empty", "-" → "Minus".</summary>
    public static string ToPascalCase(string name)
    {
        var identifier = IsPascalCaseAlready(name) ? name : Build(name);
        if (identifier is null)
        {
            return NameFromSymbols(name);
        }

        // Belt and braces: whatever Unicode casing did, what leaves here is one identifier (and not a keyword).
        return SyntaxFacts.IsValidIdentifier(identifier) && SyntaxFacts.GetKeywordKind(identifier) == SyntaxKind.None
            ? identifier
            : NameFromSymbols(name);
    }

    /// <summary>
    /// Whether <see cref="Build"/> would give <paramref name="name"/> back unchanged (most schema names: "JobStatus"),
    /// so it need not be copied.
    /// </summary>
    private static bool IsPascalCaseAlready(string name)
    {
        if (name.Length == 0 || !IsIdentifierStart(name[0]) || char.ToUpperInvariant(name[0]) != name[0])
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsIdentifierPart(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The identifier parts of <paramref name="name"/>, each run starting upper case; null when it has none.</summary>
    private static string? Build(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            if (IsIdentifierPart(c))
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        if (builder.Length == 0)
        {
            return null;
        }

        if (!IsIdentifierStart(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary>A camelCase parameter or local name, escaped with '@' when it is a C# keyword.</summary>
    public static string ToCamelCase(string name)
    {
        var pascal = ToPascalCase(name);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return EscapeKeyword(camel);
    }

    public static string EscapeKeyword(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None
            ? "@" + identifier
            : identifier;

    private static string NameFromSymbols(string name)
    {
        if (name.Length == 0)
        {
            return "Empty";
        }

        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(SymbolNames.TryGetValue(c, out var word) ? word : "U" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c)
    {
        var category = char.GetUnicodeCategory(c);
        return char.IsLetterOrDigit(c)
            || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation
            && c != '_';
    }
}
