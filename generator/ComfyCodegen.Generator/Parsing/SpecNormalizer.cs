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
/// scalar) is dropped; tags that are not a list of names (a blank name, an object) are dropped. A component schema
/// that is an alias in a cycle of aliases (<c>A: {$ref: B}</c>, <c>B: {$ref: A}</c>; the reader throws on any read
/// through one) becomes an empty schema, typed as JsonElement, with a CCG0007 warning.
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

    // The keys of a path item that hold an operation.
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    public static void Normalize(JsonNode root, ParseContext context)
    {
        BreakAliasCycles(root, context);
        var walk = new Walk(root, context);
        walk.Visit(root, null);
    }

    /// <summary>
    /// Each component schema whose <c>$ref</c> chain of other component schemas comes back to it keeps only its
    /// siblings of the <c>$ref</c> (a description, say): an empty schema, which allows any JSON. Every read the reader
    /// makes through an alias in such a cycle throws; what leads into the cycle stays an alias, of JSON now.
    /// </summary>
    private static void BreakAliasCycles(JsonNode root, ParseContext context)
    {
        if (root is not JsonObject document || document["components"] is not JsonObject components || components["schemas"] is not JsonObject schemas)
        {
            return;
        }

        var inCycle = new List<string>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: being followed; true: done
        foreach (var pair in schemas)
        {
            // Follow the chain from here; a name met again while being followed closes a cycle.
            var chain = new List<string>();
            var name = pair.Key;
            while (name is not null && !state.ContainsKey(name))
            {
                state[name] = false;
                chain.Add(name);
                name = AliasTarget(schemas, name);
            }

            if (name is not null && !state[name])
            {
                inCycle.AddRange(chain.Skip(chain.IndexOf(name)));
            }

            foreach (var followed in chain)
            {
                state[followed] = true;
            }
        }

        foreach (var name in inCycle)
        {
            var alias = (JsonObject)schemas[name]!;
            alias.Remove("$ref");
            context.ReportUnsupported($"#/components/schemas/{Pointer.Escape(name)}", $"The schema '{name}' refers to itself through plain aliases and is typed as JsonElement");
        }
    }

    /// <summary>The component schema <paramref name="name"/>'s <c>$ref</c> names, when it is "#/components/schemas/{name}" of one there.</summary>
    private static string? AliasTarget(JsonObject schemas, string name)
    {
        const string Prefix = "#/components/schemas/";
        if (schemas[name] is not JsonObject schema || schema["$ref"] is not JsonValue value || !value.TryGetValue<string>(out var reference)
            || !reference.StartsWith(Prefix, StringComparison.Ordinal) || reference.IndexOf('/', Prefix.Length) >= 0)
        {
            return null;
        }

        var target = Pointer.Unescape(Uri.UnescapeDataString(reference.Substring(Prefix.Length)));
        return schemas.ContainsKey(target) ? target : null;
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
                        else if (key == "tags" && !inNamedMap && (_segments.Count == 1 || IsOperationMember()) && child is not JsonArray)
                        {
                            // The reader wants a list, and fails on the whole document otherwise.
                            obj.Remove(key);
                            Report("Tags must be a list; they are left out");
                        }
                        else if (key == "tags" && !inNamedMap && IsOperationMember() && child is JsonArray tags)
                        {
                            KeepTagNames(tags);
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

        /// <summary>
        /// Whether the member in hand is one of an operation's: the operation is a method's value in a path item, under
        /// "paths", "webhooks" or "pathItems", or a callback's expression.
        /// </summary>
        private bool IsOperationMember()
        {
            var count = _segments.Count;
            return count >= 4 && Methods.Contains(_segments[count - 2])
                && (_segments[count - 4] is "paths" or "webhooks" or "pathItems" || (count >= 5 && _segments[count - 5] == "callbacks"));
        }

        /// <summary>
        /// An operation's tags are names: an object, a list or a blank name among them makes the reader fail on the whole
        /// document (a blank one, with an exception), so each is left out.
        /// </summary>
        private void KeepTagNames(JsonArray tags)
        {
            List<int>? dropped = null;
            for (var i = 0; i < tags.Count; i++)
            {
                var blank = tags[i] is JsonValue value && value.TryGetValue<string>(out var name) && string.IsNullOrWhiteSpace(name);
                if (blank || tags[i] is JsonObject or JsonArray)
                {
                    _segments.Add(Index(i));
                    Report("A tag must be a name; this one is left out");
                    _segments.RemoveAt(_segments.Count - 1);
                    (dropped ??= new List<int>()).Add(i);
                }
            }

            // From the end, so that the indexes still to remove stay where they were.
            for (var i = (dropped?.Count ?? 0) - 1; i >= 0; i--)
            {
                tags.RemoveAt(dropped![i]);
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
