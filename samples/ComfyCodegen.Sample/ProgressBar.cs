using System;
using System.IO;

namespace ComfyCodegen.Sample;

/// <summary>A one-line text progress bar; on a redirected console it prints a line per quarter instead.</summary>
internal sealed class ProgressBar(TextWriter output, string label)
{
    private int _lastQuarter = -1;
    private int _lastWidth;

    public void Report(long done, long? total, string? status = null)
    {
        var fraction = total is > 0 ? Math.Min(1.0, (double)done / total.Value) : (double?)null;
        if (Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out))
        {
            var quarter = fraction is { } f ? (int)(f * 4) : -1;
            if (quarter != _lastQuarter || status is not null && fraction is null)
            {
                _lastQuarter = quarter;
                output.WriteLine($"  {label}: {Describe(done, total, fraction, status)}");
            }

            return;
        }

        var line = $"\r  {label} {Bar(fraction)} {Describe(done, total, fraction, status)}";
        output.Write(line.PadRight(_lastWidth));
        _lastWidth = line.Length;
    }

    public void Done() => output.WriteLine(Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out) ? $"  {label}: done" : string.Empty);

    private static string Bar(double? fraction)
    {
        const int Width = 24;
        var filled = fraction is { } f ? (int)Math.Round(f * Width) : 0;
        return "[" + new string('#', filled) + new string('.', Width - filled) + "]";
    }

    private static string Describe(long done, long? total, double? fraction, string? status) =>
        status is not null && fraction is null
            ? status
            : $"{fraction * 100 ?? 0:0}% {Size(done)}{(total is { } t ? " of " + Size(t) : string.Empty)}";

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / 1048576.0:0.0} MiB" : $"{bytes / 1024.0:0.0} KiB";
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
