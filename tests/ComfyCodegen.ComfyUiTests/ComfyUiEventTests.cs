using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using ComfyCodegen.Workflows.Local;
using Xunit;
using LocalClient = ComfyCodegen.Workflows.Local.ComfyUiClient;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>The /ws execution events of the real server, read through <see cref="ComfyUiEventStream"/>.</summary>
[Collection(ComfyUiCollection.Name)]
public sealed class ComfyUiEventTests(ComfyUiServer server) : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly LocalClient _client = new(new ApiClientOptions { BaseAddress = server.BaseAddress });

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task APromptsEventsArriveInOrderWithTypedFields()
    {
        var prefix = LocalPrompts.FreshPrefix("events");
        var workflow = LocalPrompts.InvertedEmptyImage(LocalPrompts.FreshColor(), prefix);
        await using var stream = new ComfyUiEventStream(new ComfyUiEventStreamOptions { BaseAddress = server.BaseAddress });
        await stream.ConnectAsync();
        var promptId = await SubmitAsync(workflow, stream.ClientId);

        var events = await ReadUntilDoneAsync(stream, promptId);

        // The first message of every connection: the queue and the session id we asked for.
        var hello = Assert.IsType<ComfyUiStatusEvent>(events[0]);
        Assert.Equal(stream.ClientId, hello.SessionId);
        Assert.NotNull(hello.QueueRemaining);

        var ours = events.Where(e => PromptOf(e) == promptId).ToList();
        var start = Index<ComfyUiExecutionStartEvent>(ours, _ => true);
        var cached = Index<ComfyUiExecutionCachedEvent>(ours, _ => true);
        var node1 = Index<ComfyUiExecutingEvent>(ours, e => e.Node == "1");
        var node2 = Index<ComfyUiExecutingEvent>(ours, e => e.Node == "2");
        var node3 = Index<ComfyUiExecutingEvent>(ours, e => e.Node == "3");
        var executed = Index<ComfyUiExecutedEvent>(ours, e => e.Node == "3");
        var success = Index<ComfyUiExecutionSuccessEvent>(ours, _ => true);
        var end = Index<ComfyUiExecutingEvent>(ours, e => e.Node is null);
        Assert.True(start < cached && cached < node1 && node1 < node2 && node2 < node3 && node3 < executed && executed < success && success < end,
            string.Join(" | ", ours.Select(e => e.Type)));

        Assert.Empty(((ComfyUiExecutionCachedEvent)ours[cached]).Nodes);
        Assert.NotNull(((ComfyUiExecutionStartEvent)ours[start]).Timestamp);
        var output = (ComfyUiExecutedEvent)ours[executed];
        Assert.Equal("3", output.DisplayNode);
        var file = Assert.Single(output.Files);
        Assert.Equal(file, Assert.Single(output.Images));
        Assert.Equal("images", file.Kind);
        Assert.StartsWith(prefix + "_", file.FileName, StringComparison.Ordinal);
        Assert.EndsWith(".png", file.FileName, StringComparison.Ordinal);
        Assert.Equal(string.Empty, file.Subfolder);
        Assert.Equal("output", file.FolderType);
        Assert.Equal(file.FileName, output.Output!.Value.GetProperty("images")[0].GetProperty("filename").GetString());

        // progress_state: every node finished, with its value of max.
        var lastState = ours.OfType<ComfyUiProgressStateEvent>().Last();
        Assert.Equal(new[] { "1", "2", "3" }, lastState.Nodes.Keys.Order(StringComparer.Ordinal));
        Assert.All(lastState.Nodes.Values, n => Assert.Equal(("finished", 1.0, 1.0), (n.State, n.Value, n.Max)));
        Assert.Equal("2", lastState.Nodes["2"].RealNodeId);

        // The same prompt again is answered from the cache: the nodes are listed as cached and do not run.
        var again = await SubmitAsync(workflow, stream.ClientId);
        var second = (await ReadUntilDoneAsync(stream, again)).Where(e => PromptOf(e) == again).ToList();
        Assert.Equal(new[] { "1", "2", "3" }, Assert.Single(second.OfType<ComfyUiExecutionCachedEvent>()).Nodes.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(second, e => e is ComfyUiExecutingEvent { Node: not null });
        Assert.Single(second.OfType<ComfyUiExecutionSuccessEvent>());
    }

    [Fact]
    public async Task TiledVaeNodesReportEachStepOfMax()
    {
        await using var stream = new ComfyUiEventStream(new ComfyUiEventStreamOptions { BaseAddress = server.BaseAddress });
        await stream.ConnectAsync();
        var promptId = await SubmitAsync(LocalPrompts.TiledVaeRoundTrip(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("progress")), stream.ClientId);

        var progress = (await ReadUntilDoneAsync(stream, promptId)).OfType<ComfyUiProgressEvent>().Where(p => p.PromptId == promptId).ToList();

        foreach (var node in new[] { "5", "6" })
        {
            var steps = progress.Where(p => p.Node == node).ToList();
            Assert.NotEmpty(steps);
            var max = steps[0].Max;
            Assert.True(max > 1, $"node {node} reports {max} steps");
            Assert.All(steps, s => Assert.Equal(max, s.Max));
            Assert.Equal(Enumerable.Range(1, (int)max).Select(i => (double)i), steps.Select(s => s.Value));
        }
    }

    [Fact]
    public async Task AFailingNodeArrivesAsATypedExecutionError()
    {
        await using var stream = new ComfyUiEventStream(new ComfyUiEventStreamOptions { BaseAddress = server.BaseAddress });
        await stream.ConnectAsync();
        var promptId = await SubmitAsync(LocalPrompts.FailingMorphology(LocalPrompts.FreshColor(), LocalPrompts.FreshPrefix("error")), stream.ClientId);

        var events = (await ReadUntilDoneAsync(stream, promptId)).Where(e => PromptOf(e) == promptId).ToList();

        var error = Assert.Single(events.OfType<ComfyUiExecutionErrorEvent>());
        Assert.Equal(("2", "Morphology", "NotImplementedError"), (error.NodeId, error.NodeType, error.ExceptionType));
        Assert.Contains("kornia", error.ExceptionMessage, StringComparison.Ordinal);
        Assert.Contains(error.Traceback, line => line.Contains("nodes_morphology.py", StringComparison.Ordinal));
        Assert.Equal(new[] { "1" }, error.Executed);
        Assert.DoesNotContain(events, e => e is ComfyUiExecutionSuccessEvent);
    }

    [Fact]
    public async Task CancellingTheReadEndsTheEnumerationPromptly()
    {
        await using var stream = new ComfyUiEventStream(new ComfyUiEventStreamOptions { BaseAddress = server.BaseAddress });
        using var cts = new CancellationTokenSource();
        var received = new List<ComfyUiEvent>();
        var stopwatch = new Stopwatch();

        var read = Task.Run(async () =>
        {
            await foreach (var e in stream.ReadEventsAsync(cts.Token))
            {
                received.Add(e);
                if (received.Count == 1)
                {
                    // Connected and quiet (nothing of ours runs): cancel while a receive is pending.
                    stopwatch.Start();
                    cts.CancelAfter(TimeSpan.FromMilliseconds(200));
                }
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.IsType<ComfyUiStatusEvent>(received[0]);
        Assert.DoesNotContain(received, e => e is ComfyUiReconnectedEvent);
    }

    private async Task<string> SubmitAsync(JsonElement workflow, string clientId)
    {
        var response = await _client.ExecutePromptAsync(new PromptRequest { Prompt = workflow, ClientId = clientId });
        return response.PromptId!.Value.ToString();
    }

    /// <summary>Reads until the server says the prompt is finished (executing with node null), within a deadline.</summary>
    private static async Task<List<ComfyUiEvent>> ReadUntilDoneAsync(ComfyUiEventStream stream, string promptId)
    {
        using var cts = new CancellationTokenSource(RunTimeout);
        var events = new List<ComfyUiEvent>();
        await foreach (var e in stream.ReadEventsAsync(cts.Token))
        {
            events.Add(e);
            if (e is ComfyUiExecutingEvent { Node: null } end && end.PromptId == promptId)
            {
                return events;
            }
        }

        return events;
    }

    private static string? PromptOf(ComfyUiEvent e) => e switch
    {
        ComfyUiExecutionStartEvent x => x.PromptId,
        ComfyUiExecutionCachedEvent x => x.PromptId,
        ComfyUiExecutingEvent x => x.PromptId,
        ComfyUiProgressEvent x => x.PromptId,
        ComfyUiProgressStateEvent x => x.PromptId,
        ComfyUiExecutedEvent x => x.PromptId,
        ComfyUiExecutionSuccessEvent x => x.PromptId,
        ComfyUiExecutionErrorEvent x => x.PromptId,
        ComfyUiExecutionInterruptedEvent x => x.PromptId,
        _ => null,
    };

    private static int Index<T>(List<ComfyUiEvent> events, Func<T, bool> match)
        where T : ComfyUiEvent
    {
        var index = events.FindIndex(e => e is T typed && match(typed));
        Assert.True(index >= 0, $"no {typeof(T).Name} in: {string.Join(" | ", events.Select(e => e.Type))}");
        return index;
    }
}
