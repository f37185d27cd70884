using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SharpYaml.Serialization;

namespace ComfyCodegen.Cli;

/// <summary>
/// Which operations a spec declares ("GET /path"), read from its text without our reader, and which of them the
/// generated client has: the two sets are equal unless an operation was left out (with a diagnostic).
/// </summary>
public static class OperationCensus
{
    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    // Each operation's method says where it goes in the last paragraph of its remarks: "GET /path (operationId x)."
    // The path and the operationId are the spec's text, written as the doc writer writes prose: a line end in either
    // (any of C#'s five) goes on as a new doc line. So the paragraph is the one that starts a line of the remarks and
    // runs to their end; prose before it may start a line with "GET /" too, which is why the last such line is taken.
    private static readonly Regex Wire = new(
        @"^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) (/.*?) \(operationId .*\)\.$",
        RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Regex DocLine = new(@"^\s*/// (.*)$", RegexOptions.CultureInvariant);

    /// <summary>"METHOD /path" for every operation under the spec's paths; empty when the text does not load.</summary>
    public static IReadOnlySet<string> InSpec(string text)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (text.TrimStart().StartsWith('{'))
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.TryGetProperty("paths", out var paths) && paths.ValueKind == JsonValueKind.Object)
                {
                    foreach (var path in paths.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
                    {
                        foreach (var method in path.Value.EnumerateObject().Where(m => HttpMethods.Contains(m.Name)))
                        {
                            result.Add(method.Name.ToUpperInvariant() + " " + AsDocLines(path.Name));
                        }
                    }
                }

                return result;
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count > 0
                && stream.Documents[0].RootNode is YamlMappingNode root
                && root.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "paths").Value is YamlMappingNode paths2)
            {
                foreach (var path in paths2.Children)
                {
                    if (path.Key is YamlScalarNode { Value: { } pathName } && path.Value is YamlMappingNode item)
                    {
                        foreach (var method in item.Children.Select(c => (c.Key as YamlScalarNode)?.Value).Where(m => m is not null && HttpMethods.Contains(m)))
                        {
                            result.Add(method!.ToUpperInvariant() + " " + AsDocLines(pathName));
                        }
                    }
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or SharpYaml.YamlException)
        {
            // The generator reports why the text does not load.
        }

        return result;
    }

    /// <summary>"METHOD /path" for every operation method of the generated client files in <paramref name="sources"/>.</summary>
    public static IReadOnlySet<string> Generated(IReadOnlyDictionary<string, string> sources)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources.Where(source => IsClientFile(source.Key)))
        {
            foreach (var remarks in Remarks(source.Value))
            {
                for (var start = remarks.Count - 1; start >= 0; start--)
                {
                    var wire = Wire.Match(string.Join("\n", remarks.Skip(start)));
                    if (wire.Success)
                    {
                        result.Add(wire.Groups[1].Value + " " + WebUtility.HtmlDecode(wire.Groups[2].Value));
                        break;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>The lines of each &lt;remarks&gt; element of a file, without the "/// " and the tags.</summary>
    private static IEnumerable<List<string>> Remarks(string source)
    {
        List<string>? remarks = null;
        foreach (var raw in source.Split('\n'))
        {
            var doc = DocLine.Match(raw.TrimEnd('\r'));
            var line = doc.Success ? doc.Groups[1].Value : null;
            if (remarks is null)
            {
                if (line is not null && line.StartsWith("<remarks>", StringComparison.Ordinal))
                {
                    remarks = new List<string>();
                    line = line.Substring("<remarks>".Length);
                }
                else
                {
                    continue;
                }
            }

            if (line is null || line.StartsWith("</remarks>", StringComparison.Ordinal))
            {
                yield return remarks;
                remarks = null;
                continue;
            }

            if (line.EndsWith("</remarks>", StringComparison.Ordinal))
            {
                remarks.Add(line.Substring(0, line.Length - "</remarks>".Length));
                yield return remarks;
                remarks = null;
                continue;
            }

            if (line.Length > 0)
            {
                remarks.Add(line);
            }
        }
    }

    /// <summary>
    /// A spec's path as its doc lines read back: each of C#'s line ends starts a new line, a line that ends there loses
    /// its trailing blanks and, when empty, is written &lt;para/&gt;; the last piece goes on with the rest of the remark.
    /// </summary>
    private static string AsDocLines(string path)
    {
        var pieces = Regex.Split(path, "\r\n|[\r\n\u0085\u2028\u2029]");
        for (var i = 0; i < pieces.Length - 1; i++)
        {
            pieces[i] = pieces[i].TrimEnd() is { Length: > 0 } line ? line : "<para/>";
        }

        return string.Join("\n", pieces);
    }

    // "{Namespace}.{Client}.g.cs": the client class and its interface; models and serialization have more segments.
    private static bool IsClientFile(string hintName) =>
        hintName.EndsWith(".g.cs", StringComparison.Ordinal)
        && !hintName.Contains(".Models.", StringComparison.Ordinal)
        && !hintName.EndsWith(".Serialization.g.cs", StringComparison.Ordinal);
}
