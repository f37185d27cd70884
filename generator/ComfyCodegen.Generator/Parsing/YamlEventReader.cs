using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SharpYaml;
using SharpYaml.Events;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// Reads a spec's YAML (or JSON) from SharpYaml's parser events straight into the <c>JsonNode</c> tree the OpenAPI
/// reader takes and the <see cref="YamlPositionNode"/>s diagnostics are placed with, without SharpYaml's own model
/// in between: that model, converted by Microsoft.OpenApi.YamlReader's <c>YamlConverter</c>, was 6.4 of the ComfyUI
/// spec's 13 MB parse and the largest thing alive while the spec was mapped.
/// </summary>
/// <remarks>
/// The tree is the one <c>YamlConverter.ToJsonNode</c> makes (a plain scalar is a number, a boolean, null or a
/// string; any other scalar a string), and an alias is a copy of the node its anchor names, as there. Whatever that
/// converter decides is left to it: an alias near its limits (of copied nodes, or of depth), an alias to a node not
/// yet complete or to an anchor named twice, a merge key, a duplicate, non-scalar or null key, more than one
/// document, nesting near its limit, or text that does not parse gives null, and <see cref="YamlLocator"/> then loads SharpYaml's model and
/// converts it as before, with the same result and the same errors. CorpusTests compares the two trees and every
/// position on every spec.
/// </remarks>
internal static class YamlEventReader
{
    // YamlConverter refuses nesting deeper than 64 by default; well before that, the old path decides.
    private const int MaxDepth = 48;

    // YamlConverter allows 5,000 nodes copied for aliases by default; before that, the old path decides.
    private const int MaxAliasNodes = 4_000;

    private static readonly HashSet<string> NullScalars = new(StringComparer.Ordinal) { "~", "null", "Null", "NULL" };

    /// <summary>The document's tree and positions, or null when the old path must read it.</summary>
    public static (JsonNode Json, YamlPositionNode Positions)? TryRead(string text)
    {
        try
        {
            return Read(text);
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            return null;
        }
    }

    private static (JsonNode Json, YamlPositionNode Positions)? Read(string text)
    {
        var parser = new Parser<YamlTextBuffer>(new YamlTextBuffer(text));
        var open = new Stack<Container>();
        var anchors = new Dictionary<string, Anchored>(StringComparer.Ordinal);
        JsonNode? root = null;
        YamlPositionNode? rootPositions = null;
        var documents = 0;
        var aliasNodes = 0;

        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    if (++documents > 1)
                    {
                        return null;
                    }

                    break;
                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value, out var anchored)
                        || (aliasNodes += anchored.Count) > MaxAliasNodes
                        || open.Count + anchored.Height >= MaxDepth
                        || !Attach(open, anchored.Json.DeepClone(), anchored.Positions, anchored.Count, anchored.Height, ref root, ref rootPositions))
                    {
                        return null;
                    }

                    break;
                case Scalar scalar when open.Count > 0 && open.Peek().ExpectsKey:
                    var container = open.Peek();
                    if (scalar.Value is null || scalar.Value == "<<" || ((JsonObject)container.Json).ContainsKey(scalar.Value))
                    {
                        return null;
                    }

                    container.Key = scalar.Value;
                    container.KeyStart = scalar.Start;
                    break;
                case Scalar scalar:
                    var value = ToJsonValue(scalar.Value, scalar.Style);
                    var positions = YamlPositionNode.Scalar(scalar.Start, scalar.Value, scalar.Style);
                    if (!Attach(open, value, positions, 1, 1, ref root, ref rootPositions) || !Name(anchors, scalar.Anchor, value, positions, 1, 1))
                    {
                        return null;
                    }

                    break;
                case MappingStart mapping:
                    var obj = new Container(new JsonObject(), YamlPositionNode.Mapping(mapping.Start), mapping.Anchor);
                    if (open.Count >= MaxDepth || !Attach(open, obj.Json, obj.Positions, 0, 0, ref root, ref rootPositions))
                    {
                        return null;
                    }

                    open.Push(obj);
                    break;
                case SequenceStart sequence:
                    var array = new Container(new JsonArray(), YamlPositionNode.Sequence(sequence.Start), sequence.Anchor);
                    if (open.Count >= MaxDepth || !Attach(open, array.Json, array.Positions, 0, 0, ref root, ref rootPositions))
                    {
                        return null;
                    }

                    open.Push(array);
                    break;
                case MappingEnd:
                case SequenceEnd:
                    var closed = open.Pop();
                    // Its size and height count in its parent's (they were 0 when it was attached, still empty).
                    if (open.Count > 0)
                    {
                        open.Peek().Count += closed.Count;
                        open.Peek().Height = Math.Max(open.Peek().Height, closed.Height + 1);
                    }

                    if (!Name(anchors, closed.Anchor, closed.Json, closed.Positions, closed.Count, closed.Height))
                    {
                        return null;
                    }

                    break;
            }
        }

        return root is null || rootPositions is null ? null : (root, rootPositions);
    }

    /// <summary>Records a complete node under its anchor, if it has one; false for an anchor named twice.</summary>
    private static bool Name(Dictionary<string, Anchored> anchors, string? anchor, JsonNode json, YamlPositionNode positions, int count, int height)
    {
        if (string.IsNullOrEmpty(anchor))
        {
            return true;
        }

        if (anchors.ContainsKey(anchor!))
        {
            return false;
        }

        anchors.Add(anchor!, new Anchored(json, positions, count, height));
        return true;
    }

    /// <summary>
    /// Puts a node in the container open last (or makes it the root), counting its <paramref name="count"/> nodes and
    /// <paramref name="height"/> there; false when a key is not a scalar.
    /// </summary>
    private static bool Attach(Stack<Container> open, JsonNode json, YamlPositionNode positions, int count, int height, ref JsonNode? root, ref YamlPositionNode? rootPositions)
    {
        if (open.Count == 0)
        {
            root = json;
            rootPositions = positions;
            return true;
        }

        var container = open.Peek();
        container.Count += count;
        container.Height = Math.Max(container.Height, height + 1);
        if (container.Json is JsonArray array)
        {
            array.Add(json);
            container.Positions.Add(positions);
            return true;
        }

        if (container.ExpectsKey)
        {
            // A mapping or sequence as a key: JSON has no such thing.
            return false;
        }

        ((JsonObject)container.Json).Add(container.Key!, json);
        container.Positions.Add(container.Key!, container.KeyStart, positions);
        container.Key = null;
        return true;
    }

    /// <summary>A scalar as YamlConverter reads it: only a plain one can be a number, a boolean or null.</summary>
    internal static JsonNode ToJsonValue(string? value, ScalarStyle style)
    {
        if (style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value ?? string.Empty);
        }

        if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        if (bool.TryParse(value, out var boolean))
        {
            return JsonValue.Create(boolean);
        }

        return value is not null && NullScalars.Contains(value)
            ? JsonNullSentinel.JsonNull.DeepClone()
            : JsonValue.Create(value ?? string.Empty);
    }

    /// <summary>A complete node with an anchor: what an alias to it copies, and how many nodes and levels it holds.</summary>
    private sealed record Anchored(JsonNode Json, YamlPositionNode Positions, int Count, int Height);

    /// <summary>A mapping or sequence being read, and for a mapping the key whose value comes next.</summary>
    private sealed class Container(JsonNode json, YamlPositionNode positions, string? anchor)
    {
        public JsonNode Json { get; } = json;

        public YamlPositionNode Positions { get; } = positions;

        public string? Anchor { get; } = anchor;

        /// <summary>The nodes in it, itself included, so far.</summary>
        public int Count { get; set; } = 1;

        /// <summary>Its levels so far: 1 while empty.</summary>
        public int Height { get; set; } = 1;

        public string? Key { get; set; }

        public Mark KeyStart { get; set; }

        public bool ExpectsKey => Json is JsonObject && Key is null;
    }
}
