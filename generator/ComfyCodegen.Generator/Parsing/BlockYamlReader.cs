using System;
using System.Text;
using System.Text.Json.Nodes;
using SharpYaml;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// Reads the block YAML that specs are written in straight from the text into the reader's tree and the positions,
/// without SharpYaml's scanner: on the ComfyUI spec that scanner was 117 of a whole generator run's 258 M
/// instructions, the largest single cost of a run.
/// </summary>
/// <remarks>
/// It reads a strict subset of YAML: block mappings and sequences indented with spaces, plain and quoted scalars,
/// literal and folded block scalars, flow sequences and mappings on one line, comments. Anything else (a tab, an
/// anchor, an alias, a tag, a directive, a document marker, a complex or duplicate key, a flow collection over several
/// lines, JSON, a character YAML does not print, text that is not YAML) gives null, and
/// <see cref="YamlEventReader"/> reads the text with SharpYaml, which decides as it always has. What this reader does
/// read it reads as SharpYaml does: the tests compare both trees and every position on every spec and on thousands
/// of mutants of YAML made to hit the subset's edges.
/// </remarks>
internal sealed class BlockYamlReader
{
    // As YamlEventReader: well before YamlConverter's limit of 64 levels, SharpYaml's path decides.
    private const int MaxDepth = 48;

    // SharpYaml looks for an implicit key's ':' within 1,024 characters; longer keys are left to it.
    private const int MaxKeyLength = 1_000;

    // The indentation a scalar's next lines would need where a scalar must end on its line (a key, a flow collection).
    private const int OneLine = int.MaxValue;

    private readonly string _text;
    private readonly StringBuilder _builder = new();
    private int _position;
    private int _line;
    private int _lineStart;
    private int _depth;

    private BlockYamlReader(string text) => _text = text;

    /// <summary>The document's tree and positions, or null when the text is not in the subset this reader reads.</summary>
    public static (JsonNode Json, YamlPositionNode Positions)? TryRead(string text)
    {
        if (!PrintsAsYaml(text))
        {
            return null;
        }

        try
        {
            return new BlockYamlReader(text).ReadDocument();
        }
        catch (OutsideTheSubset)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether every character is one this reader takes as it is: printable, no tab, and line breaks of '\n' or "\r\n"
    /// only (YAML also breaks lines at a lone '\r', U+0085, U+2028 and U+2029; those texts are left to SharpYaml).
    /// </summary>
    private static bool PrintsAsYaml(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c >= ' ' && c <= '~') || c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                continue;
            }

            if (c < '\u00A0' || c == '\u2028' || c == '\u2029' || c == '\uFEFF' || c >= '\uFFFE' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private (JsonNode Json, YamlPositionNode Positions)? ReadDocument()
    {
        SkipSpaces();
        if (AtLineEnd || Current == '#')
        {
            NextContentLine();
        }
        else if (IsDocumentMarker())
        {
            throw new OutsideTheSubset();
        }

        if (AtEnd)
        {
            return null;
        }

        var json = ReadNode(-1, afterKey: false, out var positions);
        if (!AtEnd || positions.IsScalar)
        {
            // A line less indented than the root's first, or a document that is one scalar (a spec is a mapping).
            throw new OutsideTheSubset();
        }

        return (json, positions);
    }

    /// <summary>
    /// The node starting at the current character: after a key's ':' (<paramref name="afterKey"/>, where neither a
    /// sequence entry nor a key may start), after a '-' or at the start of a line. <paramref name="parentIndent"/> is
    /// the indentation of the collection it is in: its lines must be indented further. Leaves the reader at the first
    /// character of the next line with content.
    /// </summary>
    private JsonNode ReadNode(int parentIndent, bool afterKey, out YamlPositionNode positions)
    {
        switch (Current)
        {
            case '-' when StartsBlockSequence:
                if (afterKey)
                {
                    throw new OutsideTheSubset();
                }

                return ReadBlockSequence(Column, out positions);
            case '[':
            case '{':
                var flow = ReadFlowCollection(out positions);
                SkipSpaces();
                if (Current == ':')
                {
                    // A flow collection as a key.
                    throw new OutsideTheSubset();
                }

                EndLine(parentIndent);
                return flow;
            case '|':
            case '>':
                return ReadBlockScalar(parentIndent, out positions);
        }

        var (line, column, start) = (_line, Column, _position);
        var (value, style) = ReadScalar(inFlow: false, parentIndent);
        var end = _position;
        SkipSpaces();
        if (Current == ':' && IsBlankOrEnd(_position + 1))
        {
            if (afterKey || _line != line)
            {
                // "a: b: c" is not YAML, and a key is one line.
                throw new OutsideTheSubset();
            }

            // The scalar is a key: a mapping starts here (its first key is read again).
            _position = start;
            return ReadBlockMapping(column, out positions);
        }

        _position = end;
        if (style == ScalarStyle.Plain)
        {
            value = ContinuePlain(value, parentIndent);
        }

        EndLine(parentIndent);
        return Scalar(line, column, value, style, out positions);
    }

    /// <summary>
    /// A plain scalar's lines after its first, each indented further than its collection: a line break between two
    /// lines is a space, and each blank line a line break. It ends before a comment or a line indented no further.
    /// </summary>
    private string ContinuePlain(string firstLine, int parentIndent)
    {
        StringBuilder? builder = null;
        while (true)
        {
            var (position, line, lineStart) = (_position, _line, _lineStart);
            SkipSpaces();
            var blankLines = PassBlankLines();
            if (blankLines < 0 || AtEnd || Column <= parentIndent || Current == '#' || IsDocumentMarker())
            {
                // Not a line of this scalar: the reader goes back to the end of its text.
                (_position, _line, _lineStart) = (position, line, lineStart);
                return builder?.ToString() ?? firstLine;
            }

            var text = ReadPlainLine(inFlow: false);
            var end = _position;
            SkipSpaces();
            if (Current == ':')
            {
                // "a: b" on a scalar's second line is not YAML.
                throw new OutsideTheSubset();
            }

            _position = end;
            builder ??= new StringBuilder(firstLine);
            AppendFoldedBreak(builder, blankLines);
            builder.Append(text);
        }
    }

    private JsonNode ReadBlockMapping(int indent, out YamlPositionNode positions)
    {
        Enter();
        var mapping = new JsonObject();
        positions = YamlPositionNode.Mapping(_line, Column);
        while (true)
        {
            var (keyLine, keyColumn) = (_line, Column);
            var key = ReadKey(inFlow: false);
            if (key == "<<" || mapping.ContainsKey(key))
            {
                // A merge key or a duplicate: SharpYaml's path decides what they mean.
                throw new OutsideTheSubset();
            }

            var value = ReadValue(indent, out var valuePositions);
            mapping.Add(key, value);
            positions.Add(key, keyLine, keyColumn, valuePositions);
            if (Indent == indent && !StartsBlockSequence)
            {
                continue;
            }

            if (Indent >= indent)
            {
                // A line indented further than a key, or an entry among the keys.
                throw new OutsideTheSubset();
            }

            _depth--;
            return mapping;
        }
    }

    /// <summary>A key's value, read from just after its ':'.</summary>
    private JsonNode ReadValue(int mappingIndent, out YamlPositionNode positions)
    {
        // An empty value is an empty plain scalar where the ':' ends, as SharpYaml places it.
        var (line, column) = (_line, Column);
        var start = _position;
        SkipSpaces();
        if (!AtLineEnd && !(Current == '#' && _position > start))
        {
            return ReadNode(mappingIndent, afterKey: true, out positions);
        }

        NextContentLine();
        if (Indent > mappingIndent)
        {
            return ReadNode(mappingIndent, afterKey: false, out positions);
        }

        if (Indent == mappingIndent && StartsBlockSequence)
        {
            // A sequence may be indented as far as the key it is the value of.
            return ReadBlockSequence(mappingIndent, out positions);
        }

        return Scalar(line, column, string.Empty, ScalarStyle.Plain, out positions);
    }

    private JsonNode ReadBlockSequence(int indent, out YamlPositionNode positions)
    {
        Enter();
        var sequence = new JsonArray();
        positions = YamlPositionNode.Sequence(_line, Column);
        while (true)
        {
            _position++;
            var (line, column) = (_line, Column);
            var start = _position;
            SkipSpaces();
            JsonNode item;
            YamlPositionNode itemPositions;
            if (!AtLineEnd && !(Current == '#' && _position > start))
            {
                item = ReadNode(indent, afterKey: false, out itemPositions);
            }
            else
            {
                NextContentLine();
                if (Indent > indent)
                {
                    item = ReadNode(indent, afterKey: false, out itemPositions);
                }
                else
                {
                    item = Scalar(line, column, string.Empty, ScalarStyle.Plain, out itemPositions);
                }
            }

            sequence.Add(item);
            positions.Add(itemPositions);
            if (Indent == indent && StartsBlockSequence)
            {
                continue;
            }

            if (Indent > indent)
            {
                throw new OutsideTheSubset();
            }

            _depth--;
            return sequence;
        }
    }

    /// <summary>A flow sequence or mapping that ends on the line it starts on.</summary>
    private JsonNode ReadFlowCollection(out YamlPositionNode positions)
    {
        Enter();
        var (line, column) = (_line, Column);
        var isSequence = Current == '[';
        var close = isSequence ? ']' : '}';
        _position++;
        SkipSpaces();
        JsonNode collection;
        if (isSequence)
        {
            var sequence = new JsonArray();
            positions = YamlPositionNode.Sequence(line, column);
            while (Current != ']')
            {
                sequence.Add(ReadFlowNode(out var item));
                positions.Add(item);
                NextFlowEntry(close);
            }

            collection = sequence;
        }
        else
        {
            var mapping = new JsonObject();
            positions = YamlPositionNode.Mapping(line, column);
            while (Current != '}')
            {
                var (keyLine, keyColumn) = (_line, Column);
                var key = ReadKey(inFlow: true);
                if (key == "<<" || mapping.ContainsKey(key))
                {
                    throw new OutsideTheSubset();
                }

                SkipSpaces();
                mapping.Add(key, ReadFlowNode(out var value));
                positions.Add(key, keyLine, keyColumn, value);
                NextFlowEntry(close);
            }

            collection = mapping;
        }

        _position++;
        _depth--;
        return collection;
    }

    /// <summary>After an entry: a ',' and the next entry, or the closing bracket (not consumed).</summary>
    private void NextFlowEntry(char close)
    {
        SkipSpaces();
        if (Current == ',')
        {
            _position++;
            SkipSpaces();
            if (Current is ']' or '}' or ',')
            {
                // A trailing comma, or an entry left empty.
                throw new OutsideTheSubset();
            }
        }
        else if (Current != close)
        {
            throw new OutsideTheSubset();
        }
    }

    private JsonNode ReadFlowNode(out YamlPositionNode positions)
    {
        if (Current is '[' or '{')
        {
            return ReadFlowCollection(out positions);
        }

        var (line, column) = (_line, Column);
        var (value, style) = ReadScalar(inFlow: true, OneLine);
        return Scalar(line, column, value, style, out positions);
    }

    /// <summary>A key and its ':' (followed by a space or the line's end); the reader is left after the ':'.</summary>
    private string ReadKey(bool inFlow)
    {
        var start = _position;
        var (key, _) = ReadScalar(inFlow, OneLine);
        SkipSpaces();
        if (Current != ':' || !IsBlankOrEnd(_position + 1) || _position - start > MaxKeyLength)
        {
            throw new OutsideTheSubset();
        }

        _position++;
        return key;
    }

    /// <summary>
    /// A plain scalar's first line, or a quoted scalar, whose lines after its first must be indented further than
    /// <paramref name="continuationIndent"/>.
    /// </summary>
    private (string Value, ScalarStyle Style) ReadScalar(bool inFlow, int continuationIndent) => Current switch
    {
        '\'' => (ReadQuoted(continuationIndent), ScalarStyle.SingleQuoted),
        '"' => (ReadQuoted(continuationIndent), ScalarStyle.DoubleQuoted),
        _ => (ReadPlain(inFlow), ScalarStyle.Plain),
    };

    /// <summary>
    /// A plain scalar: it ends at the line's end, at ": ", at " #", and in a flow collection at ',', ']' or '}'. In a
    /// flow collection every other indicator inside one is left to SharpYaml.
    /// </summary>
    private string ReadPlain(bool inFlow)
    {
        var start = _position;
        var c = Current;
        if (c is ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or '?' or ':'
            || (c == '-' && (IsBlankOrEnd(_position + 1) || (inFlow && At(_position + 1) is ',' or '[' or ']' or '{' or '}')))
            || AtLineEnd)
        {
            throw new OutsideTheSubset();
        }

        return ReadPlainLine(inFlow);
    }

    /// <summary>The text of a plain scalar on the current line, from the current character, its trailing spaces left out.</summary>
    private string ReadPlainLine(bool inFlow)
    {
        var start = _position;
        var end = _position;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is '\n' or '\r' || (c == ':' && IsBlankOrEnd(_position + 1)) || (c == '#' && _text[_position - 1] == ' '))
            {
                break;
            }

            if (inFlow)
            {
                if (c is ',' or ']' or '}')
                {
                    break;
                }

                if (c is ':' or '#' or '?' or '[' or '{' or '\'' or '"')
                {
                    throw new OutsideTheSubset();
                }
            }

            _position++;
            if (c != ' ')
            {
                end = _position;
            }
        }

        if (inFlow && AtLineEnd)
        {
            throw new OutsideTheSubset();
        }

        _position = end;
        return _text.Substring(start, end - start);
    }

    /// <summary>
    /// At a line break inside a quoted scalar: the break and the blank lines after it fold (a lone break into a space,
    /// else each blank line into a line break; an escaped break into nothing) and the next line's leading spaces are
    /// skipped. That line must be indented further than <paramref name="continuationIndent"/>.
    /// </summary>
    private void FoldQuotedLineBreak(StringBuilder builder, int continuationIndent, bool escaped)
    {
        var blankLines = PassBlankLines();
        if (AtEnd || Column <= continuationIndent || IsDocumentMarker())
        {
            // No closing quote, or a line the scalar may not go on to.
            throw new OutsideTheSubset();
        }

        if (escaped)
        {
            builder.Append('\n', blankLines);
        }
        else
        {
            AppendFoldedBreak(builder, blankLines);
        }
    }

    /// <summary>A single- or double-quoted scalar (only a double-quoted one has escapes).</summary>
    private string ReadQuoted(int continuationIndent)
    {
        var quote = Current;
        var builder = _builder.Clear();

        // The text up to its last character that is not a space: spaces before a line break are dropped (an escaped
        // space is text, and stays).
        var kept = 0;
        _position++;
        while (true)
        {
            if (AtLineEnd)
            {
                builder.Length = kept;
                FoldQuotedLineBreak(builder, continuationIndent, escaped: false);
                kept = builder.Length;
                continue;
            }

            var c = _text[_position++];
            if (c == quote)
            {
                if (quote == '"' || Current != '\'')
                {
                    return builder.ToString();
                }

                // '' is a quote.
                _position++;
                builder.Append('\'');
            }
            else if (c == '\\' && quote == '"')
            {
                ReadEscape(builder, continuationIndent);
            }
            else
            {
                builder.Append(c);
                if (c == ' ')
                {
                    continue;
                }
            }

            kept = builder.Length;
        }
    }

    /// <summary>What follows a backslash in a double-quoted scalar.</summary>
    private void ReadEscape(StringBuilder builder, int continuationIndent)
    {
        if (AtLineEnd && !AtEnd)
        {
            // An escaped line break: the spaces before it stay, the break goes.
            FoldQuotedLineBreak(builder, continuationIndent, escaped: true);
            return;
        }

        var escape = Current;
        _position++;
        switch (escape)
        {
            case '0': builder.Append('\0'); break;
            case 'a': builder.Append('\a'); break;
            case 'b': builder.Append('\b'); break;
            case 't': builder.Append('\t'); break;
            case 'n': builder.Append('\n'); break;
            case 'v': builder.Append('\v'); break;
            case 'f': builder.Append('\f'); break;
            case 'r': builder.Append('\r'); break;
            case 'e': builder.Append('\u001B'); break;
            case ' ': builder.Append(' '); break;
            case '"': builder.Append('"'); break;
            case '/': builder.Append('/'); break;
            case '\\': builder.Append('\\'); break;
            case 'N': builder.Append('\u0085'); break;
            case '_': builder.Append('\u00A0'); break;
            case 'L': builder.Append('\u2028'); break;
            case 'P': builder.Append('\u2029'); break;
            case 'x': builder.Append((char)ReadHex(2)); break;
            case 'u':
                var code = ReadHex(4);
                if (code is >= 0xD800 and <= 0xDFFF)
                {
                    throw new OutsideTheSubset();
                }

                builder.Append((char)code);
                break;
            default:
                // \U (beyond the BMP), and what YAML does not know.
                throw new OutsideTheSubset();
        }
    }

    private int ReadHex(int digits)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var c = Current;
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0)
            {
                throw new OutsideTheSubset();
            }

            value = (value * 16) + digit;
            _position++;
        }

        return value;
    }

    /// <summary>
    /// A literal ('|') or folded ('>') scalar, with '-' or '+' chomping or neither. Its indentation comes from its
    /// first line with text; an indentation indicator, a folded line indented further than the rest, and lines
    /// before the first one holding more spaces than it are left to SharpYaml.
    /// </summary>
    private JsonNode ReadBlockScalar(int parentIndent, out YamlPositionNode positions)
    {
        var (line, column) = (_line, Column);
        var style = Current == '|' ? ScalarStyle.Literal : ScalarStyle.Folded;
        _position++;
        var chomping = Current;
        if (chomping is '-' or '+')
        {
            _position++;
        }

        var start = _position;
        SkipSpaces();
        if (!AtLineEnd && !(Current == '#' && _position > start))
        {
            throw new OutsideTheSubset();
        }

        SkipToLineEnd();
        var builder = _builder.Clear();
        var indent = -1;
        var leadingSpaces = 0;
        var breaks = 0;
        var hasText = false;

        // _position is at a line break (or the end): each turn looks at the line after it.
        while (_position < _text.Length)
        {
            var next = _position + (_text[_position] == '\r' ? 2 : 1);
            var text = next;
            while (text < _text.Length && _text[text] == ' ' && (indent < 0 || text - next < indent))
            {
                text++;
            }

            var spaces = text - next;
            var empty = text >= _text.Length || _text[text] is '\n' or '\r';
            if (indent < 0)
            {
                if (empty)
                {
                    leadingSpaces = Math.Max(leadingSpaces, spaces);
                }
                else if (spaces <= parentIndent || spaces < leadingSpaces)
                {
                    // No text at all, or blank lines indented further than the text.
                    throw new OutsideTheSubset();
                }
                else
                {
                    indent = spaces;
                }
            }

            if (!empty && spaces < indent)
            {
                // The first line indented less than the text ends the scalar.
                break;
            }

            _line++;
            _lineStart = next;
            _position = text;
            SkipToLineEnd();
            if (empty)
            {
                // Spaces at the end of the text, with no line break after them, are not a line.
                breaks += _position < _text.Length ? 1 : 0;
                continue;
            }

            if (style == ScalarStyle.Folded && _text[text] == ' ')
            {
                throw new OutsideTheSubset();
            }

            if (hasText)
            {
                // Between two lines of text: folded, the line break is a space where no blank line follows it, and
                // dropped where one does (each blank line is a line break).
                if (style == ScalarStyle.Literal)
                {
                    builder.Append('\n', breaks + 1);
                }
                else
                {
                    AppendFoldedBreak(builder, breaks);
                }
            }
            else
            {
                builder.Append('\n', breaks);
            }

            if (_position >= _text.Length)
            {
                // A last line of text with no line break after it: SharpYaml ends such a scalar with a '\0'.
                throw new OutsideTheSubset();
            }

            builder.Append(_text, text, _position - text);
            hasText = true;
            breaks = 0;
        }

        if (!hasText)
        {
            throw new OutsideTheSubset();
        }

        if (chomping != '-')
        {
            builder.Append('\n', chomping == '+' ? breaks + 1 : 1);
        }

        var value = builder.ToString();
        NextContentLine();
        if (Indent > parentIndent)
        {
            throw new OutsideTheSubset();
        }

        return Scalar(line, column, value, style, out positions);
    }

    /// <summary>
    /// After a node that ends its line: nothing but a comment may follow, and the next line with content must not be
    /// indented further than the collection the node is in (that would be a scalar going on over lines).
    /// </summary>
    private void EndLine(int parentIndent)
    {
        var start = _position;
        SkipSpaces();
        if (!AtLineEnd && !(Current == '#' && _position > start))
        {
            throw new OutsideTheSubset();
        }

        NextContentLine();
        if (Indent > parentIndent)
        {
            throw new OutsideTheSubset();
        }
    }

    /// <summary>A scalar node and its position: a plain one typed as YamlConverter types it.</summary>
    private static JsonNode Scalar(int line, int column, string value, ScalarStyle style, out YamlPositionNode positions)
    {
        positions = YamlPositionNode.Scalar(line, column, value, style);
        return YamlEventReader.ToJsonValue(value, style);
    }

    /// <summary>
    /// From a line's end past its break and the blank lines after it, to the first character of the next line that is
    /// not a space (or the end of the text); how many blank lines it passed, -1 when the reader was not at a line's end.
    /// </summary>
    private int PassBlankLines()
    {
        var blankLines = -1;
        while (AtLineEnd && !AtEnd)
        {
            PassLineBreak();
            SkipSpaces();
            blankLines++;
        }

        return blankLines;
    }

    /// <summary>A folded line break between two lines of text: a space, or where blank lines were, a line break each.</summary>
    private static void AppendFoldedBreak(StringBuilder builder, int blankLines)
    {
        if (blankLines == 0)
        {
            builder.Append(' ');
        }
        else
        {
            builder.Append('\n', blankLines);
        }
    }

    /// <summary>From a line break (the reader is at it: '\n' or "\r\n") to the start of the next line.</summary>
    private void PassLineBreak()
    {
        _position += _text[_position] == '\r' ? 2 : 1;
        _line++;
        _lineStart = _position;
    }

    /// <summary>From a line's end or a comment on to the first character of the next line with content, or the end.</summary>
    private void NextContentLine()
    {
        while (true)
        {
            SkipToLineEnd();
            if (_position >= _text.Length)
            {
                return;
            }

            PassLineBreak();
            SkipSpaces();
            if (!AtLineEnd && Current != '#')
            {
                if (IsDocumentMarker())
                {
                    throw new OutsideTheSubset();
                }

                return;
            }
        }
    }

    private bool IsDocumentMarker() =>
        _position == _lineStart && (StartsWith("---") || StartsWith("...")) && IsBlankOrEnd(_position + 3);

    private bool StartsWith(string marker) => string.CompareOrdinal(_text, _position, marker, 0, marker.Length) == 0;

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new OutsideTheSubset();
        }
    }

    private void SkipSpaces()
    {
        while (_position < _text.Length && _text[_position] == ' ')
        {
            _position++;
        }
    }

    private void SkipToLineEnd()
    {
        while (_position < _text.Length && _text[_position] is not ('\n' or '\r'))
        {
            _position++;
        }
    }

    private bool StartsBlockSequence => Current == '-' && IsBlankOrEnd(_position + 1);

    private bool AtEnd => _position >= _text.Length;

    private bool AtLineEnd => _position >= _text.Length || _text[_position] is '\n' or '\r';

    /// <summary>The current character, or '\0' at the end (the text has none of its own: see <see cref="PrintsAsYaml"/>).</summary>
    private char Current => At(_position);

    private int Column => _position - _lineStart;

    /// <summary>The indentation of the line the reader is on, or -1 at the end of the text.</summary>
    private int Indent => AtEnd ? -1 : Column;

    private char At(int index) => index < _text.Length ? _text[index] : '\0';

    private bool IsBlankOrEnd(int index) => index >= _text.Length || _text[index] is ' ' or '\n' or '\r';

    /// <summary>What the text holds is not in the subset this reader reads; SharpYaml's path reads it.</summary>
    private sealed class OutsideTheSubset : Exception
    {
    }
}
