using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ComfyCodegen.PackageTests;

/// <summary>What a README code block is for, as its marker says.</summary>
public enum SnippetKind
{
    /// <summary>C# a user pastes into a program.</summary>
    Code,

    /// <summary>MSBuild lines a user pastes into the project file.</summary>
    Project,

    /// <summary>The nuget.config that points at a local feed.</summary>
    NuGetConfig,
}

/// <summary>One code block of the README.</summary>
/// <param name="Package">The package it belongs to (ComfyCodegen, ComfyCodegen.DependencyInjection, ...); null for nuget.config.</param>
/// <param name="Kind">What it is for.</param>
/// <param name="Parameters">For code: the variables the text around it introduces, as a C# parameter list.</param>
/// <param name="Text">The block, verbatim.</param>
/// <param name="Line">Its first line in the README.</param>
public sealed record Snippet(string? Package, SnippetKind Kind, string Parameters, string Text, int Line);

/// <summary>
/// Reads every csharp and xml block of the README with the marker in the line above it:
/// <c>&lt;!-- snippet PACKAGE --&gt;</c> (C#), <c>&lt;!-- snippet PACKAGE: Type name, ... --&gt;</c> (C# using variables
/// the prose introduces), <c>&lt;!-- snippet PACKAGE project --&gt;</c> (project file lines) or
/// <c>&lt;!-- snippet nuget.config --&gt;</c>. The package tests compile them, so the README's code and the packages stay
/// in step; a block without a marker is an error, so none escapes.
/// </summary>
public static partial class ReadmeSnippets
{
    [GeneratedRegex(@"^<!-- snippet (?<package>[A-Za-z][\w.]*)(?<project> project)?(?:: (?<parameters>.+?))? -->$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^using [A-Za-z_][\w.]*;$")]
    private static partial Regex UsingDirective();

    public static IReadOnlyList<Snippet> Read(string readmePath)
    {
        var lines = File.ReadAllLines(readmePath);
        var snippets = new List<Snippet>();
        var problems = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].Trim();
            if (!fence.StartsWith("```", StringComparison.Ordinal) || fence.Length == 3)
            {
                continue;
            }

            var language = fence[3..];
            var end = Array.FindIndex(lines, i + 1, line => line.Trim() == "```");
            if (end < 0)
            {
                problems.Add($"README.md({i + 1}): the block is never closed");
                break;
            }

            var text = string.Join("\n", lines[(i + 1)..end]) + "\n";
            var marker = i > 0 ? Marker().Match(lines[i - 1].Trim()) : Match.Empty;
            if (language is "csharp" or "xml")
            {
                if (!marker.Success)
                {
                    problems.Add($"README.md({i + 1}): a {language} block without a '<!-- snippet ... -->' marker on the line above it");
                }
                else if (marker.Groups["package"].Value == "nuget.config")
                {
                    snippets.Add(new Snippet(null, SnippetKind.NuGetConfig, string.Empty, text, i + 2));
                }
                else
                {
                    var kind = marker.Groups["project"].Success ? SnippetKind.Project : SnippetKind.Code;
                    if ((kind == SnippetKind.Project) != (language == "xml"))
                    {
                        problems.Add($"README.md({i + 1}): a {language} block marked as {(kind == SnippetKind.Project ? "project lines" : "code")}");
                    }

                    snippets.Add(new Snippet(marker.Groups["package"].Value, kind, marker.Groups["parameters"].Value, text, i + 2));
                }
            }

            i = end;
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("\n", problems));
        }

        return snippets;
    }

    /// <summary>
    /// The C# files that hold <paramref name="snippets"/> (the code blocks of one package): each block's text, verbatim, as
    /// the body of a method whose parameters are the variables its marker names. The using directives a block starts
    /// with go to the top of its file; a block with none reads on from the last block that had some, as the README does.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ToSources(IEnumerable<Snippet> snippets)
    {
        var sources = new Dictionary<string, string>();
        var usings = new List<string>();
        foreach (var snippet in snippets.Where(s => s.Kind == SnippetKind.Code))
        {
            var lines = snippet.Text.Split('\n');
            var leading = lines.TakeWhile(line => UsingDirective().IsMatch(line.Trim()) || line.Trim().Length == 0).ToList();
            if (leading.Any(line => line.Trim().Length > 0))
            {
                usings = leading.Where(line => line.Trim().Length > 0).ToList();
            }

            var body = string.Join("\n", lines.Skip(leading.Count));
            var isAsync = Regex.IsMatch(body, @"\bawait\b");
            var name = $"ReadmeLine{snippet.Line}";
            var source = new StringBuilder();
            foreach (var directive in usings)
            {
                source.AppendLine(directive.Trim());
            }

            source.AppendLine();
            source.AppendLine("internal static partial class ReadmeSnippets");
            source.AppendLine("{");
            source.AppendLine($"    // README.md line {snippet.Line}");
            source.AppendLine($"    internal static {(isAsync ? "async global::System.Threading.Tasks.Task" : "void")} {name}({snippet.Parameters})");
            source.AppendLine("    {");
            source.AppendLine(body);
            source.AppendLine("    }");
            source.AppendLine("}");
            sources[name + ".cs"] = source.ToString();
        }

        return sources;
    }
}
