using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// Timing bounds, allocation counts and connection counts are process- or machine-wide: every reliability test runs
/// in this collection, one at a time, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}

/// <summary>Bodies the Comfy Cloud operations under test accept.</summary>
internal static class Bodies
{
    /// <summary>A valid ListTagsResponse.</summary>
    public const string Tags = """{"tags":[{"name":"input","count":1}],"total":1,"has_more":false}""";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>Established TCP connections from /proc/net/tcp and /proc/net/tcp6 (Linux).</summary>
internal static class TcpConnections
{
    /// <summary>
    /// Established connections that touch <paramref name="port"/>: client side (remote port = port, i.e. the client's
    /// sockets) and server side (local port = port, the accepted sockets). Each loopback connection shows up once on
    /// each side.
    /// </summary>
    public static (int ClientSide, int ServerSide) CountEstablished(int port)
    {
        var client = 0;
        var server = 0;
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                // sl local_address rem_address st ...   e.g. "0: 0100007F:A1B2 0100007F:1F90 01 ..."
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 4 || fields[3] != "01")
                {
                    continue;
                }

                if (PortOf(fields[1]) == port)
                {
                    server++;
                }

                if (PortOf(fields[2]) == port)
                {
                    client++;
                }
            }
        }

        return (client, server);
    }

    /// <summary>Both sides together: what "local or remote port = server port" counts.</summary>
    public static int Total(int port)
    {
        var (client, server) = CountEstablished(port);
        return client + server;
    }

    /// <summary>Polls until <paramref name="port"/> has at most <paramref name="atMost"/> established sockets or the time is up; returns the last count.</summary>
    public static async Task<int> SettleAsync(int port, int atMost, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var total = Total(port);
            if (total <= atMost || DateTime.UtcNow >= deadline)
            {
                return total;
            }

            await Task.Delay(50);
        }
    }

    private static int PortOf(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}

/// <summary>
/// A bare HTTP/1.1 server on 127.0.0.1 for answers Kestrel refuses to produce (a Content-Length that lies). Reads each
/// request head (the tests send GETs without bodies) and lets the script write raw bytes; the script returns whether
/// the connection stays open for the next request.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, Stream, Task<bool>> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _clients = new();
    private readonly Task _accepting;
    private int _requests;
    private int _connections;

    private RawHttpServer(Func<int, Stream, Task<bool>> respond)
    {
        _respond = respond;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Request heads read so far.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Starts a server; <paramref name="respond"/> gets the 1-based request number and the connection's stream.</summary>
    public static RawHttpServer Start(Func<int, Stream, Task<bool>> respond) => new(respond);

    /// <summary>A response head with the given status line and headers, CRLF-terminated, followed by <paramref name="body"/>.</summary>
    public static byte[] Response(string statusLine, IEnumerable<string> headers, byte[] body)
    {
        var head = new StringBuilder("HTTP/1.1 ").Append(statusLine).Append("\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        return Encoding.ASCII.GetBytes(head.ToString()).Concat(body).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (Exception)
        {
            // Stopping the listener ends the accept loop with an exception.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _clients.Add(client);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                while (await ReadHeadAsync(stream))
                {
                    var number = Interlocked.Increment(ref _requests);
                    if (!await _respond(number, stream))
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception)
        {
            // The client went away; nothing to record.
        }
    }

    private async Task<bool> ReadHeadAsync(Stream stream)
    {
        var window = 0u;
        var one = new byte[1];
        while (await stream.ReadAsync(one, _stop.Token) == 1)
        {
            window = (window << 8) | one[0];
            if (window == 0x0D0A0D0A)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Collects every log line, formatted, with its exception, at every level.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured state too, as a structured sink (JSON console, OpenTelemetry) would write it: values
            // that are collections (header values are string[]) are spelled out, not left as "System.String[]".
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(pair => $"{pair.Key}={Spell(pair.Value)}")) : string.Empty;
            lines.Enqueue($"{logLevel} {category} [{eventId}] {formatter(state, exception)} | {structured} | {exception}");
        }

        private static string? Spell(object? value) => value switch
        {
            null => null,
            string text => text,
            System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Spell)) + "]",
            _ => value.ToString(),
        };
    }
}

/// <summary>A stream that can be read once, like a network or pipe source (so its body cannot be replayed).</summary>
internal sealed class NonSeekableStream(byte[] content) : Stream
{
    private readonly MemoryStream _inner = new(content);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
