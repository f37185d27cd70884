using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.Runtime;

/// <summary>
/// A response body that fails a read which gets no bytes within <see cref="ApiClientOptions.ResponseBodyTimeout"/>:
/// the timer starts when a read starts and stops when it returns, so only the server's silence counts, never the
/// time the caller takes between reads. The failure is an IOException, what a broken connection gives.
/// </summary>
internal sealed class IdleTimeoutStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _timeout;
    private CancellationTokenSource _idle = new();

    public IdleTimeoutStream(Stream inner, TimeSpan timeout)
    {
        _inner = inner;
        _timeout = timeout;
    }

    /// <summary>Wraps <paramref name="inner"/> unless the timeout is off.</summary>
    public static Stream Wrap(Stream inner, TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? inner : new IdleTimeoutStream(inner, timeout);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Pooled: a download of many reads does not allocate a state machine for each one that waits.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_idle.TryReset())
        {
            // A timer that fired between reads (or a caller's cancellation) spent the source.
            _idle.Dispose();
            _idle = new CancellationTokenSource();
        }

        var idle = _idle;
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), idle)
            : default;
        idle.CancelAfter(_timeout);
        try
        {
            return await _inner.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException(
                $"The response body sent nothing for {_timeout.TotalSeconds:0.###} s (ApiClientOptions.ResponseBodyTimeout).",
                new TimeoutException("The response body stalled.", exception));
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested && exception.CancellationToken != cancellationToken)
        {
            // The read was given the idle source's token: report the caller's, as a read with it would have.
            throw new OperationCanceledException(exception.Message, exception, cancellationToken);
        }
        finally
        {
            idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // A synchronous read cannot be cancelled any other way: it waits for the asynchronous one.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _idle.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _idle.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
