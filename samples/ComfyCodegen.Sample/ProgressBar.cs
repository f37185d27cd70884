using System;
using System.IO;

namespace ComfyCodegen.Sample;

/// <summary>
/// Where the progress bars of one run write. On a terminal each bar owns a line and redraws it with '\r'; only the
/// line the cursor is on can be redrawn, so when another bar (or other text) comes, the open line is ended first and
/// keeps its last state on screen. Redirected (a file, a pipe, a test's writer), bars print plain lines instead.
/// </summary>
/// <param name="writer">Where to write.</param>
/// <param name="interactive">True for a terminal: bars redrawn in place; false: plain lines, one per new state.</param>
/// <param name="width">The terminal's columns, when known: lines are cut to fit, since a wrapped line cannot be redrawn from its start.</param>
internal sealed class ProgressOutput(TextWriter writer, bool interactive, int? width = null)
{
    private ProgressBar? _open;
    private int _openLength;

    public bool Interactive => interactive;

    public ProgressBar Bar(string label) => new(this, label);

    /// <summary>Ends the open line, if any, as it stands: before text that is not a bar (a summary, an error) is written.</summary>
    public void EndLine()
    {
        if (_open is not null)
        {
            writer.WriteLine();
            _open = null;
        }
    }

    /// <summary>Redraws <paramref name="bar"/>'s line, after ending another bar's line if that one is open.</summary>
    internal void Draw(ProgressBar bar, string line)
    {
        if (_open != bar)
        {
            EndLine();
            _open = bar;
            _openLength = 0;
        }

        if (width is > 1 && line.Length >= width)
        {
            line = line[..(width.Value - 1)];
        }

        // Padded only to this line's previous length: enough to erase a longer earlier text, never wider.
        writer.Write("\r" + line.PadRight(_openLength));
        _openLength = line.Length;
    }

    internal bool IsOpen(ProgressBar bar) => _open == bar;

    internal void Print(string line)
    {
        EndLine();
        writer.WriteLine(line);
    }
}

/// <summary>
/// One activity's progress: bytes or steps with a bar and a percentage, or a status alone (a job queued, running, ...),
/// which shows a spinner rather than a bar that would sit empty. Redirected, it prints a line per new state: a line
/// per quarter for a fraction, a line per status, and the final state once.
/// </summary>
internal sealed class ProgressBar
{
    private const int BarWidth = 24;
    private const string Spinner = @"|/-\";
    private readonly ProgressOutput _output;
    private readonly string _label;
    private string? _text;
    private double? _fraction;
    private string? _state;
    private string? _printedState;
    private string? _printed;
    private string? _drawn;
    private int _spin;
    private bool _done;

    internal ProgressBar(ProgressOutput output, string label)
    {
        _output = output;
        _label = label;
    }

    /// <summary>Bytes so far, of <paramref name="total"/> when it is known.</summary>
    public void Report(long done, long? total)
    {
        var text = total is { } t ? $"{Size(done)} of {Size(t)}" : Size(done);
        double? fraction = total is > 0 ? (double)done / total.Value : null;

        // Without a total, the count alone is not a new state: redirected, it is printed at the start and at the end.
        Update(text, fraction, fraction is null ? "bytes" : null);
    }

    /// <summary>A status, with how far along it is when that is known (a node's step of steps).</summary>
    public void Report(string status, double? fraction = null) => Update(status, fraction, null);

    /// <summary>Ends the bar with its last state, or <paramref name="status"/>; it stays on screen, and later reports are ignored.</summary>
    public void Done(string? status = null)
    {
        if (_done)
        {
            return;
        }

        if (status is not null || _text is null)
        {
            _text = status ?? "done";
        }

        _done = true;
        if (_output.Interactive)
        {
            // Drawn again only when it changed (the spinner goes); a line another bar has ended is not repeated.
            var line = Line();
            if (line != _drawn)
            {
                _output.Draw(this, line);
                _drawn = line;
            }

            if (_output.IsOpen(this))
            {
                _output.EndLine();
            }
        }
        else if (Describe() != _printed)
        {
            Print();
        }
    }

    /// <param name="state">What makes a redirected line new; null: the quarter for a fraction, else the text.</param>
    private void Update(string text, double? fraction, string? state)
    {
        if (_done)
        {
            return;
        }

        _text = text;
        _fraction = fraction is { } f ? Math.Clamp(f, 0, 1) : null;
        _state = state ?? (_fraction is { } g ? "quarter " + (int)(g * 4) : "status " + text);
        if (_output.Interactive)
        {
            _spin++;
            var line = Line();
            if (line != _drawn)
            {
                _output.Draw(this, line);
                _drawn = line;
            }
        }
        else if (_state != _printedState)
        {
            Print();
        }
    }

    private void Print()
    {
        _printedState = _state;
        _printed = Describe();
        _output.Print($"  {_label}: {_printed}");
    }

    /// <summary>The terminal line: a bar for a fraction; for a status alone, a spinner while it runs and a blank when done.</summary>
    private string Line()
    {
        if (_fraction is { } f)
        {
            var filled = (int)(f * BarWidth);
            return $"  {_label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {Percent(f),3}% {_text}";
        }

        return $"  {_label} {(_done ? ' ' : Spinner[_spin % Spinner.Length])} {_text}";
    }

    private string Describe() => _fraction is { } f ? $"{Percent(f)}% {_text}" : _text!;

    // Rounded down: 100% only when it is all there.
    private static int Percent(double fraction) => (int)(fraction * 100);

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / 1048576.0:0.0} MiB",
        >= 1 << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}

/// <summary>Reports bytes as they are read, for upload progress; the stream is still read once, as it is sent.</summary>
internal sealed class ProgressStream(Stream inner, Action<long> report) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async System.Threading.Tasks.ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int read)
    {
        _read += read;
        report(_read);
        return read;
    }
}
