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

    // Each operation's method says where it goes in its remarks, on a line of its own or as the whole remarks:
    // "/// GET /path (operationId x)." or "/// <remarks>GET /path.</remarks>". The operationId is the spec's text, so
    // a line break in it (escaped as a new doc line) may end the line early: after the path, " (operationId " is enough.
    private static readonly Regex OperationRemark = new(
        @"^\s*/// (?:<remarks>)?(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) (\S+?)(?: \(operationId |\.(?:</remarks>)?\s*$)",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

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
                            result.Add(method.Name.ToUpperInvariant() + " " + path.Name);
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
                            result.Add(method!.ToUpperInvariant() + " " + pathName);
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
    public static IReadOnlySet<string> Generated(IReadOnlyDictionary<string, string> sources) =>
        sources
            .Where(source => IsClientFile(source.Key))
            .SelectMany(source => OperationRemark.Matches(source.Value))
            .Select(match => match.Groups[1].Value + " " + WebUtility.HtmlDecode(match.Groups[2].Value))
            .ToHashSet(StringComparer.Ordinal);

    // "{Namespace}.{Client}.g.cs": the client class and its interface; models and serialization have more segments.
    private static bool IsClientFile(string hintName) =>
        hintName.EndsWith(".g.cs", StringComparison.Ordinal)
        && !hintName.Contains(".Models.", StringComparison.Ordinal)
        && !hintName.EndsWith(".Serialization.g.cs", StringComparison.Ordinal);
}
