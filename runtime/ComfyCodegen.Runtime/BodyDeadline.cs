using System;
using System.Diagnostics;
using System.Threading;

namespace ComfyCodegen.Runtime;

/// <summary>
/// The time a response body has left to arrive: what remains of HttpClient.Timeout, which HttpClient stops counting
/// once headers are in (ResponseHeadersRead). Fires when that runs out or when the caller's token fires. Its
/// CancellationTokenSource comes from a one-slot <see cref="Pool"/> and goes back after the read, so a call does not
/// allocate a source and a timer each time.
/// </summary>
internal readonly struct BodyDeadline : IDisposable
{
    // A source whose timer fires while it is being reset could cancel its next user: one that had less than this
    // left is disposed rather than reused.
    private static readonly TimeSpan ReuseMargin = TimeSpan.FromSeconds(1);

    private readonly Pool? _pool;
    private readonly CancellationTokenSource? _source;
    private readonly CancellationTokenRegistration _callerRegistration;
    private readonly long _expires;

    private BodyDeadline(Pool pool, CancellationTokenSource source, CancellationTokenRegistration callerRegistration, long expires)
    {
        _pool = pool;
        _source = source;
        _callerRegistration = callerRegistration;
        _expires = expires;
    }

    /// <summary>The token reads use: the deadline's, or the caller's when there is no deadline.</summary>
    public CancellationToken Token(CancellationToken callerToken) => _source?.Token ?? callerToken;

    /// <summary>Whether the deadline (or the caller) has fired.</summary>
    public bool HasFired => _source is { IsCancellationRequested: true };

    /// <summary>Starts a deadline <paramref name="remaining"/> from now, also fired by <paramref name="callerToken"/>.</summary>
    public static BodyDeadline Start(Pool pool, TimeSpan remaining, CancellationToken callerToken)
    {
        var source = pool.Take();
        var registration = callerToken.CanBeCanceled
            ? callerToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source)
            : default;
        source.CancelAfter(remaining);
        return new BodyDeadline(pool, source, registration, Stopwatch.GetTimestamp() + (long)(remaining.TotalSeconds * Stopwatch.Frequency));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_source is null)
        {
            return;
        }

        // Waits for a caller cancellation already running, so nothing touches the source after this.
        _callerRegistration.Dispose();
        var left = TimeSpan.FromSeconds((double)(_expires - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
        if (left > ReuseMargin && _source.TryReset())
        {
            _pool!.Return(_source);
        }
        else
        {
            _source.Dispose();
        }
    }

    /// <summary>One spare source per client; concurrent calls beyond it make their own.</summary>
    internal sealed class Pool
    {
        private CancellationTokenSource? _spare;

        public CancellationTokenSource Take() => Interlocked.Exchange(ref _spare, null) ?? new CancellationTokenSource();

        public void Return(CancellationTokenSource source)
        {
            if (Interlocked.CompareExchange(ref _spare, source, null) is not null)
            {
                source.Dispose();
            }
        }
    }
}
