using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using ComfyCodegen.Generator.Diagnostics;
using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// Repairs, before the reader sees the document, constructs real specs use that the reader misreads or fails on —
/// each with a CCG0010 warning at its place:
/// a <c>$ref</c> into another object rather than to a component (<c>#/paths/~1a~1%7Bid%7D/get/parameters/0</c>,
/// <c>#/components/schemas/Base/allOf/0</c>; the reader resolves it to a component named "0", or throws when it stands
/// for a map of properties) is replaced by a copy of its target; a description given as an object (a <c>$ref</c>) is
/// replaced by the string it points to, or dropped; a <c>const</c> that is an object or array (the reader wants a
/// scalar) is dropped.
/// </summary>
internal static class SpecNormalizer
{
    // A copied target may itself hold such references; a cycle of them stops here.
    private const int MaxCopies = 10_000;

    // Maps whose keys are names the spec chose: a property named "description" is a schema, not a description.
    private static readonly HashSet<string> NamedMaps = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "dependentSchemas", "$defs", "definitions", "schemas", "parameters", "responses",
        "requestBodies", "headers", "examples", "links", "callbacks", "securitySchemes", "pathItems", "encoding",
        "variables", "content", "paths", "webhooks",
    };

    // Array indexes as pointer segments, for the arrays nearly every spec has (parameters, enums, allOf parts).
    private static readonly string[] SmallIndices = Enumerable.Range(0, 64).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static void Normalize(JsonNode root, ParseContext context)
    {
        var walk = new Walk(root, context);
        walk.Visit(root, null);
    }

    /// <summary>
    /// One pass over the document. The pointer of the node in hand is kept as a stack of segments and written out only
    /// for a report: the pass runs on every spec, and most specs need no repair.
    /// </summary>
    private sealed class Walk(JsonNode root, ParseContext context)
    {
        private readonly List<string> _segments = new();
        private int _copies;

        public void Visit(JsonNode node, string? parentKey)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case JsonObject obj:
                    // The keys first (the loop may replace or remove members), into an array of the right size.
                    var keys = new string[obj.Count];
                    var count = 0;
                    foreach (var pair in obj)
                    {
                        keys[count++] = pair.Key;
                    }

                    foreach (var key in keys)
                    {
                        _segments.Add(Pointer.Escape(key));
                        var child = obj[key];
                        if (child is JsonObject reference && CopyOfTarget(reference, objectsOnly: false) is { } copy)
                        {
                            obj[key] = copy;
                            child = copy;
                        }

                        var inNamedMap = parentKey is not null && NamedMaps.Contains(parentKey);
                        if (key == "const" && child is JsonObject or JsonArray && !inNamedMap)
                        {
                            // The reader takes a const for a scalar and fails on the whole document otherwise.
                            obj.Remove(key);
                            Report("A const that is an object or an array cannot be read; it is left out, and the value is typed as JsonElement");
                        }
                        else if (key is "description" or "summary" && child is JsonObject text && !inNamedMap)
                        {
                            var resolved = text["$ref"] is JsonValue refValue && refValue.TryGetValue<string>(out var textTarget) ? Resolve(root, textTarget) as JsonValue : null;
                            if (resolved is not null && resolved.TryGetValue<string>(out var resolvedText))
                            {
                                obj[key] = resolvedText;
                                Report($"A {key} must be a string; the string its $ref points to stands here");
                            }
                            else
                            {
                                obj.Remove(key);
                                Report($"A {key} must be a string; it is left out");
                            }
                        }
                        else if (child is not null)
                        {
                            Visit(child, key);
                        }

                        _segments.RemoveAt(_segments.Count - 1);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        _segments.Add(Index(i));
                        var item = array[i];
                        if (item is JsonObject reference && CopyOfTarget(reference, objectsOnly: true) is { } copy)
                        {
                            array[i] = copy;
                            item = copy;
                        }

                        if (item is not null)
                        {
                            Visit(item, null);
                        }

                        _segments.RemoveAt(_segments.Count - 1);
                    }

                    break;
            }
        }

        private static string Index(int i) => i < SmallIndices.Length ? SmallIndices[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// A copy of what <paramref name="reference"/> points at when it points inside another object (reported at the
        /// current place), with the siblings of its <c>$ref</c>; null for any other object. An array item is only
        /// replaced by an object.
        /// </summary>
        private JsonNode? CopyOfTarget(JsonObject reference, bool objectsOnly)
        {
            var target = InnerReference(reference);
            var resolved = target is not null && _copies < MaxCopies ? Resolve(root, target) : null;
            if (resolved is not (JsonObject or JsonArray) || objectsOnly && resolved is not JsonObject)
            {
                return null;
            }

            _copies++;
            var copy = resolved.DeepClone();
            if (copy is JsonObject copied)
            {
                // Beside a $ref, 3.1 allows a summary and description that override the target's.
                foreach (var sibling in reference.Where(pair => pair.Key != "$ref").ToList())
                {
                    copied[sibling.Key] = sibling.Value?.DeepClone();
                }
            }

            Report($"The reference '{target}' points inside another object, not at a component; a copy of its target stands here");
            return copy;
        }

        private void Report(string message) =>
            context.Report(DiagnosticDescriptors.SpecWarning, "#/" + string.Join("/", _segments), message);
    }

    /// <summary>The target of a local <c>$ref</c> that is not "#/components/{kind}/{name}"; null for any other object.</summary>
    private static string? InnerReference(JsonObject obj)
    {
        if (obj["$ref"] is not JsonValue value || !value.TryGetValue<string>(out var target) || !target.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = target.Substring(2).Split('/');
        return segments.Length == 3 && segments[0] == "components" ? null : target;
    }

    /// <summary>The node a local JSON pointer ("#/a/b~1c/0", percent-encoded or not) names; null when there is none.</summary>
    private static JsonNode? Resolve(JsonNode root, string reference)
    {
        JsonNode? node = root;
        foreach (var raw in reference.Substring(2).Split('/'))
        {
            var segment = Pointer.Unescape(Uri.UnescapeDataString(raw));
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var child) => child,
                JsonArray array when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
