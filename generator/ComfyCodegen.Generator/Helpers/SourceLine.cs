using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ComfyCodegen.Generator.Helpers;

/// <summary>
/// <c>writer.WriteLine($"…")</c> without the string: the compiler hands the interpolation's parts to this handler,
/// which appends them to the writer's builder after the indentation. The emit writes some 15,000 such lines for the
/// ComfyUI spec; each was a string made only to be copied. What comes out is what <see cref="SourceWriter.WriteLine(string)"/>
/// would write for the same text: an empty line gets no indentation, and text holding a line break is written line
/// by line, each indented.
/// </summary>
[InterpolatedStringHandler]
internal ref struct SourceLine
{
    private readonly SourceWriter _writer;
    private readonly int _start;
    private readonly int _textStart;
    private bool _hasLineBreak;

    public SourceLine(int literalLength, int formattedCount, SourceWriter writer)
    {
        _ = literalLength;
        _ = formattedCount;
        _writer = writer;
        _start = writer.Length;
        writer.AppendIndentation();
        _textStart = writer.Length;
        _hasLineBreak = false;
    }

    public void AppendLiteral(string value) => Append(value);

    public void AppendFormatted(string? value) => Append(value);

    /// <summary>Numbers and the like are written as C# reads them, whatever the culture of the build.</summary>
    public void AppendFormatted<T>(T value) =>
        Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

    public void AppendFormatted<T>(T value, string? format) =>
        Append(value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString());

    /// <summary>Ends the line: called by <see cref="SourceWriter.WriteLine(ref SourceLine)"/> once every part is in.</summary>
    internal readonly void Finish()
    {
        if (_hasLineBreak)
        {
            // Rare (a template holding several lines): take the text back and write it as WriteLine(string) does.
            var text = _writer.Take(_textStart);
            _writer.Take(_start);
            _writer.WriteLine(text);
            return;
        }

        if (_writer.Length == _textStart)
        {
            _writer.Take(_start);
        }

        _writer.WriteLine();
    }

    private void Append(string? value)
    {
        if (value is null)
        {
            return;
        }

        _hasLineBreak |= value.IndexOf('\n') >= 0;
        _writer.Append(value);
    }
}
