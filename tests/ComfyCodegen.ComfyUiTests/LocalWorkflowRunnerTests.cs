using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using ComfyCodegen.Workflows;
using ComfyCodegen.Workflows.Local;
using Xunit;
using LocalClient = ComfyCodegen.Workflows.Local.ComfyUiClient;

namespace ComfyCodegen.ComfyUiTests;

/// <summary><see cref="LocalWorkflowRunner"/> end to end against the real server.</summary>
[Collection(ComfyUiCollection.Name)]
public sealed class LocalWorkflowRunnerTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly ComfyUiServer _server;
    private readonly LocalClient _client;
    private readonly string _output = Path.Combine(Path.GetTempPath(), "comfy-local-runner-" + Guid.NewGuid().ToString("N"));

    public LocalWorkflowRunnerTests(ComfyUiServer server)
    {
        _server = server;
        _client = new LocalClient(new ApiClientOptions { BaseAddress = server.BaseAddress });
    }

    public void Dispose()
    {
        _client.Dispose();
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task RunsAWorkflowAndDownloadsItsOutputsWithNodeProgress()
    {
        var prefix = LocalPrompts.FreshPrefix("runner");
        var reports = new ConcurrentQueue<WorkflowProgress>();

        var result = await new LocalWorkflowRunner(_client).RunAsync(
            LocalPrompts.InvertedEmptyImage(0xFF0000, prefix), _output, new Recorder(reports), Timeout());

        Assert.True(Guid.TryParse(result.JobId, out _), result.JobId);
        var file = Assert.Single(result.Files);
        Assert.Equal(Path.Combine(_output, prefix + "_00001_.png"), file);
        var png = Png.Decode(await File.ReadAllBytesAsync(file));
        Assert.Equal((64, 64), (png.Width, png.Height));
        Workflows.AssertEveryPixel(png, 0, 255, 255); // red, inverted

        var list = reports.ToList();
        Assert.Equal(WorkflowStage.Queued, list[0].Stage);
        Assert.All(list, r => Assert.Equal(result.JobId, r.JobId));
        Assert.Contains(list, r => r is { Stage: WorkflowStage.Running, NodeId: "2", NodeType: "ImageInvert" });
        Assert.Contains(list, r => r is { Stage: WorkflowStage.Running, NodeId: "3", NodeType: "SaveImage" });
        var downloaded = list.Last(r => r.Stage == WorkflowStage.Downloading);
        Assert.Equal((prefix + "_00001_.png", new FileInfo(file).Length), (downloaded.FileName, downloaded.BytesDone));
        Assert.Equal(WorkflowStage.Completed, list[^1].Stage);
    }

    [Fact]
    public async Task NodeStepsAreReportedAsStepOfSteps()
    {
        var reports = new ConcurrentQueue<WorkflowProgress>();

        var result = await new LocalWorkflowRunner(_client).RunAsync(
            LocalPrompts.TiledVaeRoundTrip(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("steps")), _output, new Recorder(reports), Timeout());

        var steps = reports.Where(r => r is { Stage: WorkflowStage.Running, Step: not null }).ToList();
        foreach (var (node, type) in new[] { ("5", "VAEEncodeTiled"), ("6", "VAEDecodeTiled") })
        {
            var ofNode = steps.Where(s => s.NodeId == node).ToList();
            Assert.NotEmpty(ofNode);
            Assert.All(ofNode, s => Assert.Equal(type, s.NodeType));
            Assert.Equal(ofNode[^1].Steps, ofNode[^1].Step);
            Assert.True(ofNode[^1].Steps > 1);
        }

        Assert.Equal(128, Png.Decode(await File.ReadAllBytesAsync(Assert.Single(result.Files))).Width);
    }

    [Fact]
    public async Task AFileAlreadyInTheFolderIsNeverReplaced()
    {
        var prefix = LocalPrompts.FreshPrefix("keep");
        Directory.CreateDirectory(_output);
        var mine = Path.Combine(_output, prefix + "_00001_.png");
        await File.WriteAllTextAsync(mine, "my own file");

        var result = await new LocalWorkflowRunner(_client).RunAsync(LocalPrompts.InvertedEmptyImage(LocalPrompts.FreshColor(), prefix), _output, cancellationToken: Timeout());

        Assert.Equal("my own file", await File.ReadAllTextAsync(mine));
        var file = Assert.Single(result.Files);
        Assert.Equal(Path.Combine(_output, prefix + "_00001_ (2).png"), file);
        Assert.Equal(64, Png.Decode(await File.ReadAllBytesAsync(file)).Height);
    }

    [Fact]
    public async Task AFailedNodeBecomesAnExceptionNamingNodeClassAndMessage()
    {
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() =>
            new LocalWorkflowRunner(_client).RunAsync(LocalPrompts.FailingMorphology(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("fail")), _output, cancellationToken: Timeout()));

        Assert.True(Guid.TryParse(failure.JobId, out _), failure.JobId);
        Assert.Equal(("error", "2", "Morphology", "NotImplementedError"), (failure.Status, failure.NodeId, failure.NodeType, failure.ExceptionType));
        Assert.Equal("stubbed (package not installed): kornia.morphology.erosion", failure.Detail);
        Assert.Contains("node 2 (Morphology)", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output) && Directory.EnumerateFiles(_output).Any());
    }

    [Fact]
    public async Task AWorkflowTheServerRejectsBecomesAnExceptionNamingTheNode()
    {
        var workflow = LocalPrompts.Parse("""
            {
              "1": { "class_type": "LoadImage", "inputs": { "image": "no-such-input-image.png" } },
              "2": { "class_type": "SaveImage", "inputs": { "images": ["1", 0], "filename_prefix": "rejected" } }
            }
            """);

        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => new LocalWorkflowRunner(_client).RunAsync(workflow, _output, cancellationToken: Timeout()));

        Assert.Equal(("invalid", "1", "LoadImage"), (failure.Status, failure.NodeId, failure.NodeType));
        Assert.NotNull(failure.ExceptionType);
        Assert.Contains("no-such-input-image.png", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("node 1 (LoadImage)", failure.Message, StringComparison.Ordinal);

        var noOutputs = await Assert.ThrowsAsync<WorkflowFailedException>(() => new LocalWorkflowRunner(_client).RunAsync(
            LocalPrompts.Parse("""{ "1": { "class_type": "EmptyImage", "inputs": { "width": 64, "height": 64, "batch_size": 1, "color": 0 } } }"""),
            _output,
            cancellationToken: Timeout()));
        Assert.Equal(("invalid", null, "prompt_no_outputs"), (noOutputs.Status, noOutputs.NodeId, noOutputs.ExceptionType));
    }

    [Fact]
    public async Task BadArgumentsFailBeforeAnythingIsSent()
    {
        var runner = new LocalWorkflowRunner(_client);
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(LocalPrompts.Parse("[1, 2]"), _output));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => runner.RunAsync(LocalPrompts.InvertedEmptyImage(0, "x"), ""));
        Assert.Throws<ArgumentNullException>(() => new LocalWorkflowRunner(null!));
    }

    [Fact]
    public async Task CancellingInterruptsThePromptOnTheServer()
    {
        using var cts = new CancellationTokenSource(RunTimeout);
        string? promptId = null;
        var progress = new Recorder(new ConcurrentQueue<WorkflowProgress>(), report =>
        {
            promptId = report.JobId;
            if (report.Step is not null)
            {
                cts.Cancel(); // in the middle of the first tiled node
            }
        });

        // 768 × 768 in 64 px tiles: hundreds of steps, seconds of work, and the server checks for an interrupt at each step.
        var run = new LocalWorkflowRunner(_client).RunAsync(LocalPrompts.TiledVaeRoundTrip(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("cancel"), size: 768), _output, progress, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.NotNull(promptId);
        var entry = await HistoryAsync(promptId!);
        Assert.Equal("error", entry.Status!.StatusStr);
        var interrupted = Assert.Single(entry.Status.Messages, m => m[0].GetString() == "execution_interrupted");
        Assert.Equal("5", interrupted[1].GetProperty("node_id").GetString());
        Assert.Empty(entry.Outputs);
    }

    [Fact]
    public async Task CancellingWhileQueuedTakesThePromptOffTheQueue()
    {
        // Keep the server busy with someone else's slow prompt, so ours waits in the queue.
        var blocker = await _client.ExecutePromptAsync(new PromptRequest { Prompt = LocalPrompts.TiledVaeRoundTrip(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("blocker"), size: 768) });
        try
        {
            using var cts = new CancellationTokenSource(RunTimeout);
            string? promptId = null;
            var progress = new Recorder(new ConcurrentQueue<WorkflowProgress>(), report =>
            {
                if (report.Stage == WorkflowStage.Queued)
                {
                    promptId = report.JobId;
                    cts.Cancel();
                }
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new LocalWorkflowRunner(_client).RunAsync(LocalPrompts.InvertedEmptyImage(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("queued")), _output, progress, cts.Token));

            var queue = await _client.GetQueueInfoAsync();
            var queued = (queue.QueueRunning ?? []).Concat(queue.QueuePending ?? []).Select(item => item[1].GetString()).ToList();
            Assert.NotNull(promptId);
            Assert.DoesNotContain(promptId, queued);
            Assert.Contains(blocker.PromptId!.Value.ToString(), queued);
            Assert.Empty(await _client.GetPromptHistoryAsync(promptId)); // it never ran
        }
        finally
        {
            // Whether it runs or still waits, the blocker goes.
            await _client.ManageQueueAsync(new QueueManageRequest { Delete = [blocker.PromptId!.Value.ToString()] });
            await _client.InterruptJobAsync(new InterruptJobRequest { PromptId = blocker.PromptId!.Value.ToString() });
        }
    }

    [Fact]
    public async Task ACompletionMissedWhileTheEventStreamWasDownIsFoundInTheHistory()
    {
        // A proxy in front of /ws drops the first connection as soon as the prompt starts, and accepts the
        // reconnection only once the prompt has finished: its execution_success and final executing are never delivered.
        await using var proxy = await WebSocketProxyAsync(dropAfter: "execution_start", admitReconnectionAfter: WhenNothingRunsAsync, refuseReconnection: false);
        var runner = new LocalWorkflowRunner(_client, new ComfyUiEventStreamOptions { BaseAddress = proxy.BaseAddress, ReconnectDelay = TimeSpan.FromMilliseconds(50) });

        var result = await runner.RunAsync(LocalPrompts.InvertedEmptyImage(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("drop")), _output, cancellationToken: Timeout());

        Assert.Equal(64, Png.Decode(await File.ReadAllBytesAsync(Assert.Single(result.Files))).Width);
        Assert.Equal(2, proxy.Connections);
        Assert.Single(proxy.Handshakes.Select(h => h.ClientId).Distinct());
    }

    [Fact]
    public async Task WhenTheEventStreamCannotBeReopenedTheHistoryIsPolled()
    {
        await using var proxy = await WebSocketProxyAsync(dropAfter: "execution_start", admitReconnectionAfter: () => Task.CompletedTask, refuseReconnection: true);
        var runner = new LocalWorkflowRunner(_client, new ComfyUiEventStreamOptions { BaseAddress = proxy.BaseAddress, ReconnectAttempts = 2, ReconnectDelay = TimeSpan.FromMilliseconds(50) });

        var result = await runner.RunAsync(LocalPrompts.InvertedEmptyImage(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("poll")), _output, cancellationToken: Timeout());

        Assert.Single(result.Files);
        Assert.Equal(3, proxy.Attempts);
        Assert.Equal(1, proxy.Connections);
    }

    /// <summary>Waits until the server runs nothing (the prompt that started has finished and is in the history).</summary>
    private async Task WhenNothingRunsAsync()
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while ((await _client.GetQueueInfoAsync()).QueueRunning is { Count: > 0 })
        {
            Assert.True(DateTime.UtcNow < deadline, "the server never became idle");
            await Task.Delay(50);
        }
    }

    private async Task<LoopbackWebSocketServer> WebSocketProxyAsync(string dropAfter, Func<Task> admitReconnectionAfter, bool refuseReconnection) =>
        await LoopbackWebSocketServer.StartAsync(
            async (client, connection, clientId) =>
            {
                using var upstream = new ClientWebSocket();
                await upstream.ConnectAsync(ComfyUiEventStream.WebSocketAddress(_server.BaseAddress, clientId!), CancellationToken.None);
                using var stop = new CancellationTokenSource();
                var closed = Task.Run(async () =>
                {
                    await LoopbackWebSocketServer.HoldAsync(client);
                    await stop.CancelAsync();
                });
                var buffer = new byte[1 << 20];
                try
                {
                    while (true)
                    {
                        var result = await upstream.ReceiveAsync(buffer, stop.Token);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            return;
                        }

                        await client.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
                        if (connection == 1 && result.MessageType == WebSocketMessageType.Text && Encoding.UTF8.GetString(buffer, 0, result.Count).Contains($"\"{dropAfter}\"", StringComparison.Ordinal))
                        {
                            client.Abort();
                            return;
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                {
                    // The client left, or we dropped it.
                }
            },
            async attempt =>
            {
                if (attempt == 1)
                {
                    return true;
                }

                await admitReconnectionAfter();
                return !refuseReconnection;
            });

    private async Task<PromptHistoryEntry> HistoryAsync(string promptId)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var history = await _client.GetPromptHistoryAsync(promptId);
            if (history.TryGetValue(promptId, out var entry))
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no history for {promptId}");
            await Task.Delay(100);
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(RunTimeout).Token;

    /// <summary>Records reports synchronously, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Recorder(ConcurrentQueue<WorkflowProgress> reports, Action<WorkflowProgress>? then = null) : IProgress<WorkflowProgress>
    {
        public void Report(WorkflowProgress value)
        {
            reports.Enqueue(value);
            then?.Invoke(value);
        }
    }
}
