using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.FakeCloud.Infrastructure;

/// <summary>
/// Wraps a request body: every byte read passes through unchanged to the handler, the total is
/// counted, and the first <c>cap</c> bytes are copied into the owning <see cref="RequestRecord"/>.
/// Nothing beyond the cap is buffered.
/// </summary>
internal sealed class RecordingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly RequestRecord _record;

    public RecordingReadStream(Stream inner, RequestRecord record)
    {
        _inner = inner;
        _record = record;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _record.BodyLength;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = _inner.Read(buffer);
        _record.AppendBody(buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _record.AppendBody(buffer.Span[..n]);
        return n;
    }

    /// <summary>Reads (and records) whatever the handler left unread.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        byte[] buffer = new byte[81920];
        while (await ReadAsync(buffer, ct).ConfigureAwait(false) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
