using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace ComfyCodegen.Generator.Helpers;

/// <summary>
/// Writes C# source with indentation over a <see cref="StringBuilder"/>. Multi-line strings (raw string literals
/// in the emitters) are indented line by line, so templates can be written flush left.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder;
    private char[]? _copyBuffer;

    /// <param name="capacity">About how long the text will be, so the builder does not grow piece by piece.</param>
    public SourceWriter(int capacity = 1024)
    {
        _builder = new StringBuilder(capacity);
    }

    public int Indentation { get; set; }

    public SourceWriter WriteLine(string text)
    {
        if (text.IndexOf('\n') < 0)
        {
            WriteIndentedLine(text);
            return this;
        }

        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            WriteIndentedLine(line);
        }

        return this;
    }

    /// <summary>An interpolated line, appended part by part (see <see cref="SourceLine"/>); the same text as <see cref="WriteLine(string)"/>.</summary>
    public SourceWriter WriteLine([InterpolatedStringHandlerArgument("")] ref SourceLine line)
    {
        line.Finish();
        return this;
    }

    public SourceWriter WriteLine()
    {
        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and returns a scope that closes it.</summary>
    public Block Block(string header, string closing = "}")
    {
        if (header.Length > 0)
        {
            WriteLine(header);
        }

        WriteLine("{");
        Indentation++;
        return new Block(this, closing);
    }

    /// <summary>
    /// Writes a file-scoped <c>namespace {name};</c> and a blank line; the scope it returns closes nothing. One namespace
    /// a file, and no level of indentation spent on it.
    /// </summary>
    public Block Namespace(string name)
    {
        WriteLine($"namespace {name};");
        WriteLine();
        return new Block(this, closing: null);
    }

    /// <summary>Appends what another writer wrote, as it is: its lines are already indented and end in a newline.</summary>
    public SourceWriter WriteWritten(string text)
    {
        _builder.Append(text);
        return this;
    }

    public override string ToString()
    {
        if (Indentation != 0)
        {
            throw new InvalidOperationException("Unbalanced indentation in generated source.");
        }

        return _builder.ToString();
    }

    internal int Length => _builder.Length;

    internal void Append(string text) => _builder.Append(text);

    internal void AppendIndentation()
    {
        for (var i = 0; i < Indentation; i++)
        {
            _builder.Append(IndentUnit);
        }
    }

    /// <summary>
    /// Appends what <paramref name="other"/> wrote, as it is (its lines are indented already), through a small buffer
    /// rather than a string of it all.
    /// </summary>
    internal void AppendFrom(SourceWriter other)
    {
        var buffer = _copyBuffer ??= new char[4096];
        for (var start = 0; start < other._builder.Length; start += buffer.Length)
        {
            var count = System.Math.Min(buffer.Length, other._builder.Length - start);
            other._builder.CopyTo(start, buffer, 0, count);
            _builder.Append(buffer, 0, count);
        }
    }

    /// <summary>
    /// Empties the writer for its next text. Meant for a scratch writer made with room for all it will hold: a builder
    /// that had to grow into several chunks makes itself a new one here.
    /// </summary>
    internal void Clear()
    {
        _builder.Length = 0;
    }

    /// <summary>Removes and returns what was written from <paramref name="position"/> on.</summary>
    internal string Take(int position)
    {
        var text = _builder.ToString(position, _builder.Length - position);
        _builder.Length = position;
        return text;
    }

    private void WriteIndentedLine(string line)
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < Indentation; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(line);
        }

        _builder.Append('\n');
    }
}

/// <summary>An open block: disposing it closes it. A null closing is a file-scoped namespace, which closes nothing.</summary>
internal readonly struct Block : IDisposable
{
    private readonly SourceWriter _writer;
    private readonly string? _closing;

    public Block(SourceWriter writer, string? closing)
    {
        _writer = writer;
        _closing = closing;
    }

    public void Dispose()
    {
        if (_closing is null)
        {
            return;
        }

        _writer.Indentation--;
        _writer.WriteLine(_closing);
    }
}
