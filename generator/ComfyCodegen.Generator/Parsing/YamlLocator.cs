using System;
using System.Collections.Generic;
using System.IO;
using ComfyCodegen.Generator.Diagnostics;
using SharpYaml;
using SharpYaml.Serialization;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// Maps a JSON pointer ("#/paths/~1api~1tags/get") back onto the line and column of the YAML or JSON text it came
/// from. The OpenAPI reader reports pointers only; the YAML node tree, which the reader is fed from too (see
/// <see cref="Document"/>), keeps the position a developer needs.
/// </summary>
internal sealed class YamlLocator
{
    private readonly string _filePath;
    private readonly string _text;
    private YamlNode? _root;
    private YamlDocument? _document;
    private bool _loaded;

    public YamlLocator(string filePath, string text)
    {
        _filePath = filePath;
        _text = text;
    }

    /// <summary>The location of the node at <paramref name="pointer"/>, or of its deepest existing ancestor.</summary>
    public SpecLocation Locate(string? pointer)
    {
        var root = Load();
        if (root is null || string.IsNullOrEmpty(pointer))
        {
            return new SpecLocation(_filePath, 0, 0);
        }

        var node = root;
        Mark mark = root.Start;
        foreach (var segment in Split(pointer!))
        {
            if (node is YamlMappingNode mapping && TryFindKey(mapping, segment, out var key, out var value))
            {
                mark = key.Start;
                node = value;
            }
            else if (node is YamlSequenceNode sequence && int.TryParse(segment, out var index) && index >= 0 && index < sequence.Children.Count)
            {
                node = sequence.Children[index];
                mark = node.Start;
            }
            else
            {
                break;
            }
        }

        return new SpecLocation(_filePath, mark.Line, mark.Column);
    }

    /// <summary>Whether the node at <paramref name="pointer"/> exists and is the literal true (the reader folds an explicit
    /// "additionalProperties: true" into its default, so only the text tells them apart).</summary>
    public bool IsLiteralTrue(string pointer) => Find(pointer) is YamlScalarNode { Value: "true" };

    /// <summary>The scalar at <paramref name="pointer"/> as written (its style tells "3" from 3); null when it is none.</summary>
    public YamlScalarNode? Scalar(string pointer) => Find(pointer) as YamlScalarNode;

    private YamlNode? Find(string pointer)
    {
        YamlNode? node = Load();
        foreach (var segment in Split(pointer))
        {
            if (node is YamlMappingNode mapping && TryFindValue(mapping, segment, out var value))
            {
                node = value;
            }
            else if (node is YamlSequenceNode sequence && int.TryParse(segment, out var index) && index >= 0 && index < sequence.Children.Count)
            {
                node = sequence.Children[index];
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>
    /// The text's first YAML document, or null when it does not load; loaded once and shared with the reader, so a
    /// spec is scanned by SharpYaml once, not twice.
    /// </summary>
    public YamlDocument? Document
    {
        get
        {
            Load();
            return _document;
        }
    }

    private YamlNode? Load()
    {
        if (!_loaded)
        {
            _loaded = true;
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(_text));
                _document = stream.Documents.Count > 0 ? stream.Documents[0] : null;
                _root = _document?.RootNode;
            }
            catch (Exception exception) when (exception is YamlException or InvalidOperationException or ArgumentException)
            {
                _root = null;
            }
        }

        return _root;
    }

    /// <summary>
    /// The value under a plain key by hash lookup (a spec's components hold thousands of keys and every nullable
    /// reference asks), then by scanning for a key written another way (quoted).
    /// </summary>
    private static bool TryFindValue(YamlMappingNode mapping, string name, out YamlNode value)
    {
        if (mapping.Children.TryGetValue(new YamlScalarNode(name), out var found) && found is not null)
        {
            value = found;
            return true;
        }

        return TryFindKey(mapping, name, out _, out value);
    }

    private static bool TryFindKey(YamlMappingNode mapping, string name, out YamlNode key, out YamlNode value)
    {
        foreach (var pair in mapping.Children)
        {
            if (pair.Key is YamlScalarNode scalar && string.Equals(scalar.Value, name, StringComparison.Ordinal))
            {
                key = pair.Key;
                value = pair.Value;
                return true;
            }
        }

        key = null!;
        value = null!;
        return false;
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
