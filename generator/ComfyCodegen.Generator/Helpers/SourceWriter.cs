using System;
using System.Text;

namespace ComfyCodegen.Generator.Helpers;

/// <summary>
/// Writes C# source with indentation over a <see cref="StringBuilder"/>. Multi-line strings (raw string literals
/// in the emitters) are indented line by line, so templates can be written flush left.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();

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

    /// <summary>Where the next line will go: a mark for <see cref="Since"/> and <see cref="InsertLine"/>.</summary>
    public int Position => _builder.Length;

    /// <summary>The text written since <paramref name="position"/>.</summary>
    public string Since(int position) => _builder.ToString(position, _builder.Length - position);

    /// <summary>Inserts a line at <paramref name="position"/>, indented as the writer is now; returns the position after it.</summary>
    public int InsertLine(int position, string line)
    {
        var indented = new StringBuilder();
        if (line.Length > 0)
        {
            for (var i = 0; i < Indentation; i++)
            {
                indented.Append(IndentUnit);
            }

            indented.Append(line);
        }

        indented.Append('\n');
        _builder.Insert(position, indented.ToString());
        return position + indented.Length;
    }

    public override string ToString()
    {
        if (Indentation != 0)
        {
            throw new InvalidOperationException("Unbalanced indentation in generated source.");
        }

        return _builder.ToString();
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
