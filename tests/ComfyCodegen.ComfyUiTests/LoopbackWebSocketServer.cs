using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>
/// A loopback WebSocket server at /ws that plays a script per connection: what the real server never does on cue
/// (drop a connection, send a message type nobody knows, send preview frames).
/// </summary>
internal sealed class LoopbackWebSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;
    private int _attempts;

    private LoopbackWebSocketServer(WebApplication app) => _app = app;

    /// <summary>The http:// root (what a client's BaseAddress would be).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Each accepted connection's clientId query value and X-API-Key / Authorization headers, in order.</summary>
    public ConcurrentQueue<(string? ClientId, string? ApiKey, string? Authorization)> Handshakes { get; } = new();

    /// <summary>How many handshakes were attempted (accepted or not).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>How many connections were accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Starts the server; <paramref name="script"/> gets each connection's socket and its number (1, 2, ...).
    /// <paramref name="admit"/> (default: all) decides per handshake attempt (1, 2, ...) whether to accept it or answer 503.
    /// </summary>
    public static Task<LoopbackWebSocketServer> StartAsync(Func<WebSocket, int, Task> script, Func<int, Task<bool>>? admit = null) =>
        StartAsync((socket, number, _) => script(socket, number), admit);

    /// <summary>As above; the script also gets the connection's clientId query value.</summary>
    public static async Task<LoopbackWebSocketServer> StartAsync(Func<WebSocket, int, string?, Task> script, Func<int, Task<bool>>? admit = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackWebSocketServer(app);
        app.UseWebSockets();
        app.Map("/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            var attempt = Interlocked.Increment(ref server._attempts);
            if (admit is not null && !await admit(attempt))
            {
                context.Response.StatusCode = 503;
                return;
            }

            var clientId = context.Request.Query["clientId"].FirstOrDefault();
            server.Handshakes.Enqueue((clientId, context.Request.Headers["X-API-Key"].FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault()));
            var number = Interlocked.Increment(ref server._connections);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await script(socket, number, clientId);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    public static Task SendTextAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public static Task SendBinaryAsync(WebSocket socket, byte[] frame) =>
        socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    /// <summary>
    /// Drops the connection without a close handshake, a moment after the script's last message (as a server that goes
    /// away does). Disposing the socket ends the connection once what was sent has gone out, however late the client
    /// reads it. An abort threw away output still waiting in the server: on a loaded machine, once, the handshake's own
    /// answer 300 ms after it was due, and the client could not connect.
    /// </summary>
    public static async Task DropAsync(WebSocket socket)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        socket.Dispose();
    }

    /// <summary>Keeps the connection open until the client closes it.</summary>
    public static async Task HoldAsync(WebSocket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
            }
        }
        catch (WebSocketException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
