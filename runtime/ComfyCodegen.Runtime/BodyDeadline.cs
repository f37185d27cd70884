using System;
using System.Diagnostics;
using System.Threading;

namespace ComfyCodegen.Runtime;

/// <summary>
/// The time a buffered response body has to arrive: what remains of HttpClient.Timeout, which HttpClient stops
/// counting once headers are in (ResponseHeadersRead), and, for each read, at most the idle timeout
/// (<see cref="ApiClientOptions.ResponseBodyTimeout"/>). Fires when either runs out or when the caller's token fires.
/// Its CancellationTokenSource comes from a one-slot <see cref="Pool"/> and goes back after the read, and each read
/// only moves its timer, so a call does not allocate a source and a timer each time.
/// </summary>
internal struct BodyDeadline : IDisposable
{
    // A source whose timer fires while it is being reset could cancel its next user: one that had less than this
    // left is disposed rather than reused.
    private static readonly TimeSpan ReuseMargin = TimeSpan.FromSeconds(1);

    private readonly Pool? _pool;
    private readonly CancellationTokenSource? _source;
    private readonly CancellationTokenRegistration _callerRegistration;
    private readonly long _expires;
    private readonly TimeSpan _idle;
    private long _due;

    private BodyDeadline(Pool pool, CancellationTokenSource source, CancellationTokenRegistration callerRegistration, long expires, TimeSpan idle)
    {
        _pool = pool;
        _source = source;
        _callerRegistration = callerRegistration;
        _expires = expires;
        _idle = idle;
        _due = long.MaxValue;
    }

    /// <summary>The token reads use: the deadline's, or the caller's when there is no deadline.</summary>
    public readonly CancellationToken Token(CancellationToken callerToken) => _source?.Token ?? callerToken;

    /// <summary>Whether the deadline (or the caller) has fired.</summary>
    public readonly bool HasFired => _source is { IsCancellationRequested: true };

    /// <summary>Whether what fired was the idle timeout rather than the total (true only after <see cref="HasFired"/>).</summary>
    public readonly bool IdleFired => HasFired && _due < _expires && Stopwatch.GetTimestamp() < _expires;

    /// <summary>
    /// Starts a deadline <paramref name="remaining"/> from now (Timeout.InfiniteTimeSpan: none), with reads limited to
    /// <paramref name="idle"/> each (Timeout.InfiniteTimeSpan: unlimited), also fired by <paramref name="callerToken"/>.
    /// </summary>
    public static BodyDeadline Start(Pool pool, TimeSpan remaining, TimeSpan idle, CancellationToken callerToken)
    {
        var source = pool.Take();
        var registration = callerToken.CanBeCanceled
            ? callerToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source)
            : default;
        var expires = remaining == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + Ticks(remaining);
        var deadline = new BodyDeadline(pool, source, registration, expires, idle);
        deadline.SetTimer(expires);
        return deadline;
    }

    /// <summary>Before a read: the timer fires after the idle timeout or at the total deadline, whichever is first.</summary>
    public void BeforeRead()
    {
        if (_source is null || _idle == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        SetTimer(Math.Min(_expires, Stopwatch.GetTimestamp() + Ticks(_idle)));
    }

    /// <inheritdoc />
    public readonly void Dispose()
    {
        if (_source is null)
        {
            return;
        }

        // Waits for a caller cancellation already running, so nothing touches the source after this.
        _callerRegistration.Dispose();
        var left = _due == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds((double)(_due - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
        if ((left == Timeout.InfiniteTimeSpan || left > ReuseMargin) && _source.TryReset())
        {
            _pool!.Return(_source);
        }
        else
        {
            _source.Dispose();
        }
    }

    private void SetTimer(long due)
    {
        if (due == _due)
        {
            return;
        }

        _due = due;
        if (due == long.MaxValue)
        {
            _source!.CancelAfter(Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = Math.Max(0, due - Stopwatch.GetTimestamp());
        _source!.CancelAfter(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

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
