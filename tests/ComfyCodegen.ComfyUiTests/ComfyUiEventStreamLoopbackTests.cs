using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using ComfyCodegen.Workflows.Local;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>
/// <see cref="ComfyUiEventStream"/> against a loopback WebSocket server that does on cue what the real server does
/// only by accident: drops connections, refuses them, sends message types nobody knows and preview frames (which
/// need a model to appear on the real server). The frames are built as ComfyUI's server.py builds them.
/// </summary>
public sealed class ComfyUiEventStreamLoopbackTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UnknownMessagesPassThroughAndBinaryFramesAreTyped()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        await using var server = await LoopbackWebSocketServer.StartAsync(async (socket, _) =>
        {
            await LoopbackWebSocketServer.SendTextAsync(socket, """{"type": "crystools.monitor", "data": {"cpu_utilization": 12.5}}""");
            await LoopbackWebSocketServer.SendTextAsync(socket, "not json at all");
            await LoopbackWebSocketServer.SendTextAsync(socket, """{"type": "executing", "data": "not an object"}""");
            await LoopbackWebSocketServer.SendBinaryAsync(socket, Frame(1, [.. Int(2), .. png]));
            var metadata = """{"node_id": "9", "prompt_id": "p-1", "image_type": "image/png", "real_node_id": "9"}"""u8.ToArray();
            await LoopbackWebSocketServer.SendBinaryAsync(socket, Frame(4, [.. Int(metadata.Length), .. metadata, .. png]));
            await LoopbackWebSocketServer.SendBinaryAsync(socket, Frame(3, [.. Int(2), .. "12"u8, .. "Loading… 50%"u8]));
            await LoopbackWebSocketServer.SendBinaryAsync(socket, Frame(99, [7, 7]));
            await LoopbackWebSocketServer.SendBinaryAsync(socket, [1, 2]);
            // One message in three fragments: read as one.
            var split = Encoding.UTF8.GetBytes("""{"type": "progress", "data": {"value": 3, "max": 20, "prompt_id": "p-1", "node": "3"}}""");
            await socket.SendAsync(split.AsMemory(0, 10), WebSocketMessageType.Text, false, CancellationToken.None);
            await socket.SendAsync(split.AsMemory(10, 20), WebSocketMessageType.Text, false, CancellationToken.None);
            await socket.SendAsync(split.AsMemory(30), WebSocketMessageType.Text, true, CancellationToken.None);
            await LoopbackWebSocketServer.HoldAsync(socket);
        });

        var events = await ReadAsync(new ComfyUiEventStream(new ComfyUiEventStreamOptions { BaseAddress = server.BaseAddress }), 9);

        var monitor = Assert.IsType<ComfyUiUnknownEvent>(events[0]);
        Assert.Equal("crystools.monitor", monitor.Type);
        Assert.Equal(12.5, monitor.Data.GetProperty("cpu_utilization").GetDouble());

        var garbage = Assert.IsType<ComfyUiUnknownEvent>(events[1]);
        Assert.Equal((string.Empty, "not json at all"), (garbage.Type, garbage.Data.GetString()));

        var odd = Assert.IsType<ComfyUiUnknownEvent>(events[2]);
        Assert.Equal(("executing", JsonValueKind.String), (odd.Type, odd.Data.ValueKind));

        var preview = Assert.IsType<ComfyUiPreviewImageEvent>(events[3]);
        Assert.Equal((1, "preview_image", "image/png"), (preview.EventType, preview.Type, preview.MediaType));
        Assert.Equal(png, preview.Image.ToArray());
        Assert.Null(preview.Metadata);

        var withMetadata = Assert.IsType<ComfyUiPreviewImageEvent>(events[4]);
        Assert.Equal((4, "preview_image_with_metadata", "image/png", "9", "p-1"), (withMetadata.EventType, withMetadata.Type, withMetadata.MediaType, withMetadata.NodeId, withMetadata.PromptId));
        Assert.Equal(png, withMetadata.Image.ToArray());
        Assert.Equal("9", withMetadata.Metadata!.Value.GetProperty("real_node_id").GetString());

        var text = Assert.IsType<ComfyUiTextEvent>(events[5]);
        Assert.Equal(("12", "Loading… 50%"), (text.NodeId, text.Text));

        var unknownBinary = Assert.IsType<ComfyUiUnknownBinaryEvent>(events[6]);
        Assert.Equal(99, unknownBinary.EventType);
        Assert.Equal(new byte[] { 7, 7 }, unknownBinary.Payload.ToArray());

        var runt = Assert.IsType<ComfyUiUnknownBinaryEvent>(events[7]);
        Assert.Equal((-1, 2), (runt.EventType, runt.Payload.Length));

        var progress = Assert.IsType<ComfyUiProgressEvent>(events[8]);
        Assert.Equal(("p-1", "3", 3.0, 20.0), (progress.PromptId, progress.Node, progress.Value, progress.Max));
    }

    [Fact]
    public async Task ADroppedConnectionIsReopenedWithTheSameClientId()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(async (socket, connection) =>
        {
            switch (connection)
            {
                case 1:
                    await LoopbackWebSocketServer.SendTextAsync(socket, Status(1));
                    await LoopbackWebSocketServer.DropAsync(socket); // no close handshake: the connection just ends
                    break;
                case 2:
                    await LoopbackWebSocketServer.SendTextAsync(socket, Status(1));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "going away", CancellationToken.None);
                    break;
                default:
                    await LoopbackWebSocketServer.SendTextAsync(socket, """{"type": "execution_success", "data": {"prompt_id": "p-2", "timestamp": 1796235436499}}""");
                    await LoopbackWebSocketServer.HoldAsync(socket);
                    break;
            }
        });

        await using var stream = new ComfyUiEventStream(new ComfyUiEventStreamOptions { BaseAddress = server.BaseAddress, ReconnectDelay = TimeSpan.FromMilliseconds(20) }, "my-client");
        var events = await ReadAsync(stream, 5);

        Assert.Equal(new[] { "status", "reconnected", "status", "reconnected", "execution_success" }, events.Select(e => e.Type));
        Assert.Equal(1, Assert.IsType<ComfyUiReconnectedEvent>(events[1]).Attempt);
        var success = Assert.IsType<ComfyUiExecutionSuccessEvent>(events[4]);
        Assert.Equal("p-2", success.PromptId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1796235436499), success.Timestamp);
        Assert.Equal(new[] { "my-client", "my-client", "my-client" }, server.Handshakes.Select(h => h.ClientId));
    }

    [Fact]
    public async Task ReopeningGivesUpAfterTheConfiguredAttemptsWithGrowingWaits()
    {
        var refusedAt = new List<DateTimeOffset>();
        await using var server = await LoopbackWebSocketServer.StartAsync(
            async (socket, _) =>
            {
                await LoopbackWebSocketServer.SendTextAsync(socket, Status(0));
                await LoopbackWebSocketServer.DropAsync(socket);
            },
            attempt =>
            {
                if (attempt > 1)
                {
                    lock (refusedAt)
                    {
                        refusedAt.Add(DateTimeOffset.UtcNow);
                    }
                }

                return Task.FromResult(attempt == 1);
            });

        await using var stream = new ComfyUiEventStream(new ComfyUiEventStreamOptions
        {
            BaseAddress = server.BaseAddress,
            ReconnectAttempts = 3,
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
        });
        var seen = new List<ComfyUiEvent>();
        var failure = await Assert.ThrowsAsync<WebSocketException>(async () =>
        {
            using var cts = new CancellationTokenSource(Deadline);
            await foreach (var e in stream.ReadEventsAsync(cts.Token))
            {
                seen.Add(e);
            }
        });

        Assert.IsType<ComfyUiStatusEvent>(Assert.Single(seen));
        Assert.Contains("3 attempts", failure.Message, StringComparison.Ordinal);
        Assert.Equal(4, server.Attempts); // the first connection, then three refused
        Assert.Equal(3, refusedAt.Count);
        Assert.True(refusedAt[2] - refusedAt[1] > refusedAt[1] - refusedAt[0] - TimeSpan.FromMilliseconds(50), $"the wait grows: {(refusedAt[1] - refusedAt[0]).TotalMilliseconds} then {(refusedAt[2] - refusedAt[1]).TotalMilliseconds} ms");
        Assert.True(refusedAt[2] - refusedAt[1] >= TimeSpan.FromMilliseconds(350), $"{refusedAt[2] - refusedAt[1]}");
    }

    [Fact]
    public async Task CredentialsOfTheOptionsGoOnTheHandshakeToTheBaseAddressOnly()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(async (socket, _) =>
        {
            await LoopbackWebSocketServer.SendTextAsync(socket, Status(0));
            await LoopbackWebSocketServer.HoldAsync(socket);
        });

        var options = ComfyUiEventStreamOptions.From(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = "comfyui-key-123", BearerToken = "token-456" });
        await using (var stream = new ComfyUiEventStream(options))
        {
            await ReadAsync(stream, 1, dispose: false);
        }

        var handshake = Assert.Single(server.Handshakes);
        Assert.Equal(("comfyui-key-123", "Bearer token-456"), (handshake.ApiKey, handshake.Authorization));
        Assert.DoesNotContain("comfyui-key-123", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token-456", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8188", "ws://127.0.0.1:8188/ws?clientId=abc")]
    [InlineData("http://127.0.0.1:8188/", "ws://127.0.0.1:8188/ws?clientId=abc")]
    [InlineData("https://comfy.example.com/", "wss://comfy.example.com/ws?clientId=abc")]
    [InlineData("https://comfy.example.com:8443/comfy/", "wss://comfy.example.com:8443/comfy/ws?clientId=abc")]
    [InlineData("http://host/proxy/comfy?x=1#frag", "ws://host/proxy/comfy/ws?clientId=abc")]
    public void TheWebSocketAddressIsTheBaseAddressWithAWebSocketScheme(string baseAddress, string expected) =>
        Assert.Equal(expected, ComfyUiEventStream.WebSocketAddress(new Uri(baseAddress), "abc").AbsoluteUri);

    [Fact]
    public void BadArgumentsFailBeforeAnyConnection()
    {
        Assert.Equal("ws://h/ws?clientId=a%20b%26c%3Dd", ComfyUiEventStream.WebSocketAddress(new Uri("http://h/"), "a b&c=d").AbsoluteUri);
        Assert.Throws<ArgumentException>(() => ComfyUiEventStream.WebSocketAddress(new Uri("ftp://h/"), "a"));
        Assert.Throws<ArgumentException>(() => new ComfyUiEventStream(new ComfyUiEventStreamOptions { BaseAddress = new Uri("/relative", UriKind.Relative) }));
        Assert.Throws<ArgumentException>(() => new ComfyUiEventStream(new ComfyUiEventStreamOptions { BaseAddress = new Uri("http://h/") }, " "));
        Assert.Throws<ArgumentException>(() => ComfyUiEventStreamOptions.From(new ApiClientOptions()));
    }

    private static string Status(int remaining) => """{"type": "status", "data": {"status": {"exec_info": {"queue_remaining": """ + remaining + "}}}}";

    private static byte[] Int(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Frame(int type, byte[] payload) => [.. Int(type), .. payload];

    private static async Task<List<ComfyUiEvent>> ReadAsync(ComfyUiEventStream stream, int count, bool dispose = true)
    {
        var events = new List<ComfyUiEvent>();
        try
        {
            using var cts = new CancellationTokenSource(Deadline);
            await foreach (var e in stream.ReadEventsAsync(cts.Token))
            {
                events.Add(e);
                if (events.Count == count)
                {
                    break;
                }
            }
        }
        finally
        {
            if (dispose)
            {
                await stream.DisposeAsync();
            }
        }

        return events;
    }
}
