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

    public static void Normalize(JsonNode root, ParseContext context)
    {
        var copies = 0;
        Visit(root, root, "#", null, context, ref copies);
    }

    private static void Visit(JsonNode root, JsonNode node, string pointer, string? parentKey, ParseContext context, ref int copies)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).ToList())
                {
                    var child = obj[key];
                    var childPointer = pointer + "/" + Pointer.Escape(key);
                    if (child is JsonObject reference && InnerReference(reference) is { } target && copies < MaxCopies)
                    {
                        var resolved = Resolve(root, target);
                        if (resolved is JsonObject or JsonArray)
                        {
                            copies++;
                            var copy = resolved.DeepClone();
                            if (copy is JsonObject copied)
                            {
                                // Beside a $ref, 3.1 allows a summary and description that override the target's.
                                foreach (var sibling in reference.Where(pair => pair.Key != "$ref").ToList())
                                {
                                    copied[sibling.Key] = sibling.Value?.DeepClone();
                                }
                            }

                            obj[key] = copy;
                            child = copy;
                            context.Report(DiagnosticDescriptors.SpecWarning, childPointer, $"The reference '{target}' points inside another object, not at a component; a copy of its target stands here");
                        }
                    }

                    if (key == "const" && child is JsonObject or JsonArray && !(parentKey is not null && NamedMaps.Contains(parentKey)))
                    {
                        // The reader takes a const for a scalar and fails on the whole document otherwise.
                        obj.Remove(key);
                        context.Report(DiagnosticDescriptors.SpecWarning, childPointer, "A const that is an object or an array cannot be read; it is left out, and the value is typed as JsonElement");
                        continue;
                    }

                    if (key is "description" or "summary" && child is JsonObject text && !(parentKey is not null && NamedMaps.Contains(parentKey)))
                    {
                        var value = text["$ref"] is JsonValue refValue && refValue.TryGetValue<string>(out var textTarget) ? Resolve(root, textTarget) as JsonValue : null;
                        if (value is not null && value.TryGetValue<string>(out var resolvedText))
                        {
                            obj[key] = resolvedText;
                        }
                        else
                        {
                            obj.Remove(key);
                        }

                        context.Report(DiagnosticDescriptors.SpecWarning, childPointer, $"A {key} must be a string; {(value is not null ? "the string its $ref points to stands here" : "it is left out")}");
                        continue;
                    }

                    if (child is not null)
                    {
                        Visit(root, child, childPointer, key, context, ref copies);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        var itemPointer = pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        if (item is JsonObject reference && InnerReference(reference) is { } target && copies < MaxCopies && Resolve(root, target) is JsonObject resolved)
                        {
                            copies++;
                            var copy = (JsonObject)resolved.DeepClone();
                            foreach (var sibling in reference.Where(pair => pair.Key != "$ref").ToList())
                            {
                                copy[sibling.Key] = sibling.Value?.DeepClone();
                            }

                            array[i] = copy;
                            item = copy;
                            context.Report(DiagnosticDescriptors.SpecWarning, itemPointer, $"The reference '{target}' points inside another object, not at a component; a copy of its target stands here");
                        }

                        Visit(root, item, itemPointer, null, context, ref copies);
                    }
                }

                break;
        }
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
