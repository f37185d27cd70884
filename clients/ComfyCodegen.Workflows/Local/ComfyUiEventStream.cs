using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// The execution events of a ComfyUI server, read from <c>/ws?clientId=…</c> as typed <see cref="ComfyUiEvent"/>s.
/// The server sends a prompt's events to the client id it was submitted with, so connect first (<see cref="ConnectAsync"/>),
/// then submit with <see cref="ClientId"/>, then read. A dropped connection is reopened with the same client id
/// (bounded attempts, growing waits) and announced by <see cref="ComfyUiReconnectedEvent"/>, since messages sent
/// meanwhile are lost. One reader at a time.
/// </summary>
public sealed class ComfyUiEventStream : IAsyncDisposable
{
    private readonly ComfyUiEventStreamOptions _options;
    private readonly Uri _uri;
    private readonly MessageBuffer _buffer;
    private ClientWebSocket? _socket;

    // The first message's receive, started by ConnectAsync; the next read continues it.
    private Task<ComfyUiEvent?>? _firstMessage;
    private bool _disposed;

    /// <summary>Creates the stream; nothing is sent until <see cref="ConnectAsync"/> or the first read.</summary>
    /// <param name="options">Where to connect.</param>
    /// <param name="clientId">The client id to register under; a new one when null.</param>
    /// <exception cref="ArgumentException">The base address is not absolute http(s), or the client id is empty.</exception>
    public ComfyUiEventStream(ComfyUiEventStreamOptions options, string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (clientId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        }

        if (options.ReconnectAttempts < 0 || options.MaxMessageBytes < 1)
        {
            throw new ArgumentException("ReconnectAttempts must be 0 or more and MaxMessageBytes at least 1.", nameof(options));
        }

        _options = options;
        ClientId = clientId ?? Guid.NewGuid().ToString("N");
        _uri = WebSocketAddress(options.BaseAddress, ClientId);
        _buffer = new MessageBuffer(options.MaxMessageBytes);
    }

    /// <summary>The client id this stream registers under; submit prompts with it to receive their events here.</summary>
    public string ClientId { get; }

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => _socket?.State == WebSocketState.Open;

    /// <summary>The <c>/ws</c> address for <paramref name="baseAddress"/>: same host, port and path, ws for http and wss for https.</summary>
    /// <exception cref="ArgumentException">The address is not absolute http or https.</exception>
    public static Uri WebSocketAddress(Uri baseAddress, string clientId)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(clientId);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The base address must be an absolute http or https address, not '{baseAddress}'.", nameof(baseAddress));
        }

        var builder = new UriBuilder(baseAddress)
        {
            Scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Query = "clientId=" + Uri.EscapeDataString(clientId),
            Fragment = string.Empty,
        };
        builder.Path = (builder.Path.EndsWith('/') ? builder.Path : builder.Path + "/") + "ws";
        if (baseAddress.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }

    /// <summary>
    /// Opens the connection (once) and waits, up to <see cref="ComfyUiEventStreamOptions.ConnectTimeout"/>, for the
    /// server's first message: ComfyUI registers the client id and then sends <c>status</c>. A prompt submitted before
    /// that registration has its events sent to nobody, so submit after this returns. A server that sends nothing
    /// first is not an error: the wait ends, and the next read goes on waiting for that message.
    /// </summary>
    /// <exception cref="WebSocketException">The server refused or could not be reached.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_socket is not null)
        {
            return;
        }

        _socket = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // Not cancelled by the timeout: a cancelled receive aborts a ClientWebSocket. The read that follows awaits it.
        var first = ReceiveAsync(_socket, _buffer, CancellationToken.None);
        _firstMessage = first;
        try
        {
            await first.WaitAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing yet; the read picks it up.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AbortConnection();
            throw;
        }
        catch (Exception exception) when (exception is WebSocketException or IOException)
        {
            // Dropped at once: the read sees the same failure and reopens.
        }
    }

    /// <summary>
    /// Reads events until <paramref name="cancellationToken"/> is cancelled (then it throws
    /// <see cref="OperationCanceledException"/> promptly). Connects first if <see cref="ConnectAsync"/> was not called.
    /// </summary>
    /// <exception cref="WebSocketException">The connection dropped and could not be reopened within the configured attempts.</exception>
    public async IAsyncEnumerable<ComfyUiEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var buffer = _buffer;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception? dropped = null;
            ComfyUiEvent? next = null;
            try
            {
                if (_firstMessage is { } first)
                {
                    _firstMessage = null;
                    next = await AwaitFirstAsync(first, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    next = await ReceiveAsync(_socket!, buffer, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
            {
                // A cancelled receive aborts the socket; whatever that surfaced as, the caller asked to stop.
                throw new OperationCanceledException("Reading ComfyUI events was cancelled.", exception, cancellationToken);
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
            {
                dropped = exception;
            }

            if (next is not null)
            {
                yield return next;
                continue;
            }

            yield return await ReconnectAsync(dropped, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection (politely when it is open) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_firstMessage is { } pending)
        {
            _firstMessage = null;
            _ = pending.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        if (_socket is { } socket)
        {
            _socket = null;
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
                {
                    // The server is gone or slow; the socket is released below either way.
                }
            }

            socket.Dispose();
        }
    }

    /// <summary>The first message's receive, which runs without a token: cancelling the read aborts the connection instead.</summary>
    private async Task<ComfyUiEvent?> AwaitFirstAsync(Task<ComfyUiEvent?> first, CancellationToken cancellationToken)
    {
        try
        {
            return await first.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AbortConnection();
            throw;
        }
    }

    /// <summary>Ends the connection at once; a receive still running on it fails, and nobody awaits it.</summary>
    private void AbortConnection()
    {
        if (_firstMessage is { } pending)
        {
            _firstMessage = null;
            _ = pending.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _socket?.Abort();
    }

    /// <summary>Reads one whole message; null when the connection ended (the server closed it).</summary>
    private static async Task<ComfyUiEvent?> ReceiveAsync(ClientWebSocket socket, MessageBuffer buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            buffer.Reset();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.NextChunk(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage);

            if (buffer.Overflowed)
            {
                continue;
            }

            return result.MessageType == WebSocketMessageType.Text
                ? ComfyUiEventParser.ParseText(buffer.Written)
                : ComfyUiEventParser.ParseBinary(buffer.Written);
        }
    }

    private async Task<ComfyUiReconnectedEvent> ReconnectAsync(Exception? dropped, CancellationToken cancellationToken)
    {
        _firstMessage = null;
        _socket?.Dispose();
        _socket = null;
        var delay = _options.ReconnectDelay;
        Exception? last = dropped;
        for (var attempt = 1; attempt <= _options.ReconnectAttempts; attempt++)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            try
            {
                _socket = await OpenAsync(cancellationToken).ConfigureAwait(false);
                return new ComfyUiReconnectedEvent(attempt);
            }
            catch (WebSocketException exception)
            {
                last = exception;
            }

            delay = TimeSpan.FromTicks(Math.Min(_options.MaxReconnectDelay.Ticks, delay.Ticks * 2));
        }

        throw new WebSocketException(
            WebSocketError.ConnectionClosedPrematurely,
            $"The ComfyUI event stream at {_options.BaseAddress} dropped and could not be reopened after {_options.ReconnectAttempts} attempts.",
            last);
    }

    private async Task<ClientWebSocket> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            // The handshake goes to _uri only, which is derived from the base address (same host and port), and
            // ClientWebSocket does not follow redirects: the credentials cannot reach another origin.
            if (_options.ApiKey is { Length: > 0 } key)
            {
                socket.Options.SetRequestHeader("X-API-Key", key);
            }

            if (_options.BearerToken is { Length: > 0 } token)
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(_uri, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new WebSocketException(WebSocketError.Faulted, $"The ComfyUI event stream at {_options.BaseAddress} did not answer within {_options.ConnectTimeout.TotalSeconds:0.#} s.");
            }

            if (_options.RequestPreviewMetadata)
            {
                var flags = Encoding.UTF8.GetBytes("{\"type\":\"feature_flags\",\"data\":{\"supports_preview_metadata\":true}}");
                await socket.SendAsync(flags, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Collects one message's fragments, up to a limit past which it only counts them.</summary>
    private sealed class MessageBuffer(int limit)
    {
        private readonly ArrayBufferWriter<byte> _written = new(16 * 1024);
        private readonly byte[] _discard = new byte[16 * 1024];
        private int _length;

        public bool Overflowed => _length > limit;

        public ReadOnlySpan<byte> Written => _written.WrittenSpan;

        public void Reset()
        {
            _written.ResetWrittenCount();
            _length = 0;
        }

        public Memory<byte> NextChunk() => Overflowed ? _discard : _written.GetMemory(16 * 1024);

        public void Advance(int count)
        {
            _length += count;
            if (!Overflowed)
            {
                _written.Advance(count);
            }
        }
    }
}
