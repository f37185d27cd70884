using System;
using SharpYaml;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// The spec's text as SharpYaml's scanner reads it, character by character with a few of look-ahead, straight from the
/// string. SharpYaml's own <see cref="LookAheadBuffer"/> pulls each character through <c>TextReader.Read()</c> into a
/// ring buffer and checks every peek against it: that was most of the scanner's work on our specs. Its string buffer
/// does what this one does, but is internal.
/// </summary>
/// <remarks>A class, not a struct: the scanner keeps its buffer in a readonly field, where a struct would be copied on every call.</remarks>
internal sealed class YamlTextBuffer(string text) : ILookAheadBuffer
{
    private int _position;

    // As LookAheadBuffer, the end is known only once a look has reached past it.
    private bool _endSeen;

    public bool EndOfInput => _endSeen && _position >= text.Length;

    /// <summary>The character <paramref name="offset"/> after the current one, or '\0' past the end (as LookAheadBuffer answers).</summary>
    public char Peek(int offset)
    {
        var index = _position + offset;
        if ((uint)index < (uint)text.Length)
        {
            return text[index];
        }

        _endSeen = true;
        return '\0';
    }

    public void Skip(int length)
    {
        if (length < 1 || _position + length > text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "The length must be between 1 and the number of characters left.");
        }

        _position += length;
    }

    /// <summary>Nothing to read: the whole text is at hand; only whether that look reaches past the end.</summary>
    public void Cache(int length)
    {
        if (_position + length >= text.Length)
        {
            _endSeen = true;
        }
    }
}
