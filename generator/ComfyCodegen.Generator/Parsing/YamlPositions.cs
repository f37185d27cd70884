using System;
using System.Collections.Generic;
using SharpYaml;
using SharpYaml.Serialization;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// What <see cref="YamlLocator"/> keeps of a YAML document once the reader has its <c>JsonNode</c> tree: where each
/// node starts (and each mapping key), and each scalar's text and style. A fraction of SharpYaml's own model, which
/// the parser no longer builds (see <see cref="YamlEventReader"/>).
/// </summary>
internal sealed class YamlPositionNode
{
    // Above this many keys a mapping is searched by hash: a spec's components hold thousands, and lookups are many.
    private const int IndexedFrom = 8;

    private List<Member>? _members;
    private List<YamlPositionNode>? _items;
    private Dictionary<string, int>? _index;

    private YamlPositionNode(int line, int column, string? value, ScalarStyle style)
    {
        Line = line;
        Column = column;
        Value = value;
        Style = style;
    }

    /// <summary>Where the node starts, counting from 0 (as Roslyn does).</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary>A scalar's text as written (null for a mapping or a sequence).</summary>
    public string? Value { get; }

    public ScalarStyle Style { get; }

    public bool IsScalar => _members is null && _items is null;

    public static YamlPositionNode Scalar(Mark start, string? value, ScalarStyle style) => new(start.Line, start.Column, value, style);

    public static YamlPositionNode Scalar(int line, int column, string value, ScalarStyle style) => new(line, column, value, style);

    public static YamlPositionNode Mapping(Mark start) => Mapping(start.Line, start.Column);

    public static YamlPositionNode Mapping(int line, int column) => new(line, column, null, ScalarStyle.Any) { _members = new List<Member>() };

    public static YamlPositionNode Sequence(Mark start) => Sequence(start.Line, start.Column);

    public static YamlPositionNode Sequence(int line, int column) => new(line, column, null, ScalarStyle.Any) { _items = new List<YamlPositionNode>() };

    /// <summary>The same positions from SharpYaml's model, for the documents <see cref="YamlEventReader"/> leaves to it.</summary>
    public static YamlPositionNode FromModel(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var result = Mapping(node.Start);
                foreach (var pair in mapping.Children)
                {
                    // Only a scalar key can be named by a pointer.
                    if (pair.Key is YamlScalarNode { Value: { } key })
                    {
                        result.Add(key, pair.Key.Start, FromModel(pair.Value));
                    }
                }

                return result;
            case YamlSequenceNode sequence:
                var items = Sequence(node.Start);
                foreach (var child in sequence.Children)
                {
                    items.Add(FromModel(child));
                }

                return items;
            case YamlScalarNode scalar:
                return Scalar(node.Start, scalar.Value, scalar.Style);
            default:
                return Scalar(node.Start, null, ScalarStyle.Any);
        }
    }

    /// <summary>Adds a mapping's member: its key (the first of a name is the one found) and where the key starts.</summary>
    public void Add(string key, Mark keyStart, YamlPositionNode value) => Add(key, keyStart.Line, keyStart.Column, value);

    public void Add(string key, int keyLine, int keyColumn, YamlPositionNode value) => _members!.Add(new Member(key, keyLine, keyColumn, value));

    public void Add(YamlPositionNode item) => _items!.Add(item);

    /// <summary>The member of a mapping named <paramref name="key"/>, with where its key starts.</summary>
    public bool TryGetMember(string key, out int keyLine, out int keyColumn, out YamlPositionNode value)
    {
        var index = _members is null ? -1 : IndexOf(_members, key);
        if (index < 0)
        {
            keyLine = keyColumn = 0;
            value = null!;
            return false;
        }

        var member = _members![index];
        (keyLine, keyColumn, value) = (member.Line, member.Column, member.Value);
        return true;
    }

    /// <summary>The item of a sequence at <paramref name="index"/>.</summary>
    public bool TryGetItem(int index, out YamlPositionNode item)
    {
        if (_items is not null && index >= 0 && index < _items.Count)
        {
            item = _items[index];
            return true;
        }

        item = null!;
        return false;
    }

    private int IndexOf(List<Member> members, string key)
    {
        if (members.Count < IndexedFrom)
        {
            for (var i = 0; i < members.Count; i++)
            {
                if (string.Equals(members[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        if (_index is null)
        {
            _index = new Dictionary<string, int>(members.Count, StringComparer.Ordinal);
            for (var i = members.Count - 1; i >= 0; i--)
            {
                // From the end, so that of two equal keys the first wins, as the linear search has it.
                _index[members[i].Key] = i;
            }
        }

        return _index.TryGetValue(key, out var found) ? found : -1;
    }

    private readonly record struct Member(string Key, int Line, int Column, YamlPositionNode Value);
}
