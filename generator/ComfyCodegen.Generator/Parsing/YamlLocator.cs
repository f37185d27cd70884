using System;
using System.Collections.Generic;
using System.IO;
using ComfyCodegen.Generator.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.OpenApi.YamlReader;
using SharpYaml;
using SharpYaml.Serialization;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// Maps a JSON pointer ("#/paths/~1api~1tags/get") back onto the line and column of the YAML or JSON text it came
/// from. The OpenAPI reader reports pointers only; the positions kept from the same reading of the text as the
/// reader's tree (see <see cref="Json"/>) have the place a developer needs.
/// </summary>
internal sealed class YamlLocator
{
    private readonly string _filePath;
    private readonly string _text;
    private YamlPositionNode? _root;
    private JsonNode? _json;
    private bool _loaded;

    public YamlLocator(string filePath, string text)
    {
        _filePath = filePath;
        _text = text;
    }

    /// <summary>The location of the node at <paramref name="pointer"/>, or of its deepest existing ancestor.</summary>
    public SpecLocation Locate(string? pointer)
    {
        var root = LoadRoot();
        if (root is null || string.IsNullOrEmpty(pointer))
        {
            return new SpecLocation(_filePath, 0, 0);
        }

        var node = root;
        var (line, column) = (root.Line, root.Column);
        foreach (var segment in Split(pointer!))
        {
            if (node.TryGetMember(segment, out var keyLine, out var keyColumn, out var value))
            {
                (line, column) = (keyLine, keyColumn);
                node = value;
            }
            else if (int.TryParse(segment, out var index) && node.TryGetItem(index, out var item))
            {
                node = item;
                (line, column) = (item.Line, item.Column);
            }
            else
            {
                break;
            }
        }

        return new SpecLocation(_filePath, line, column);
    }

    /// <summary>Whether the node at <paramref name="pointer"/> exists and is the literal true (the reader folds an explicit
    /// "additionalProperties: true" into its default, so only the text tells them apart).</summary>
    public bool IsLiteralTrue(string pointer) => Find(pointer) is { IsScalar: true, Value: "true" };

    /// <summary>The scalar at <paramref name="pointer"/> as written (its style tells "3" from 3); null when it is none.</summary>
    public YamlPositionNode? Scalar(string pointer) => Find(pointer) is { IsScalar: true } scalar ? scalar : null;

    /// <summary>
    /// The text's first YAML document as the reader's tree, or null when it does not load: read with the positions,
    /// so a spec is scanned once, not twice. Handed out once (the parser repairs it in place), then forgotten.
    /// </summary>
    public JsonNode? TakeJson()
    {
        LoadRoot();
        var json = _json;
        _json = null;
        return json;
    }

    private YamlPositionNode? LoadRoot()
    {
        if (!_loaded)
        {
            _loaded = true;
            // Three readers, each taking what the one before leaves: block YAML read from the text, YAML read from
            // SharpYaml's events, and what those leave (aliases, duplicate keys, text that does not parse) through
            // SharpYaml's model. Each gives the same tree and positions as the next on what it reads.
            if ((BlockYamlReader.TryRead(_text) ?? YamlEventReader.TryRead(_text)) is { } read)
            {
                (_json, _root) = (read.Json, read.Positions);
            }
            else
            {
                LoadModel();
            }
        }

        return _root;
    }

    /// <summary>
    /// What <see cref="YamlEventReader"/> leaves alone (aliases, duplicate keys, text that does not parse) goes through
    /// SharpYaml's model and Microsoft.OpenApi.YamlReader's converter, which decide as they always have.
    /// </summary>
    private void LoadModel()
    {
        YamlDocument? document;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(_text));
            document = stream.Documents.Count > 0 ? stream.Documents[0] : null;
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException or ArgumentException)
        {
            return;
        }

        if (document?.RootNode is not { } rootNode)
        {
            return;
        }

        _root = YamlPositionNode.FromModel(rootNode);
        try
        {
            _json = YamlConverter.ToJsonNode(document);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The reader reads the text itself and says what is wrong, in its own words.
            _json = null;
        }
    }

    private YamlPositionNode? Find(string pointer)
    {
        var node = LoadRoot();
        foreach (var segment in Split(pointer))
        {
            if (node is null)
            {
                return null;
            }

            if (node.TryGetMember(segment, out _, out _, out var value))
            {
                node = value;
            }
            else if (int.TryParse(segment, out var index) && node.TryGetItem(index, out var item))
            {
                node = item;
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    private static IEnumerable<string> Split(string pointer)
    {
        var trimmed = pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
        foreach (var raw in trimmed.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
        }
    }
}
