using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// Runs a workflow on a ComfyUI server (your own machine's, usually) and brings its outputs home: open <c>/ws</c>
/// with a client id, submit the prompt under that id, follow its events (node, class, step of max) as progress, read
/// the prompt's history once it is done, then download every output file through <c>/view</c> into a folder, never
/// replacing a file already there. If the event stream drops it is reopened, and the history is what decides
/// completion, so a missed <c>execution_success</c> cannot hang or lose a run. Cancelling interrupts the prompt on
/// the server (or takes it off the queue if it has not started).
/// </summary>
public sealed class LocalWorkflowRunner
{
    private const string RejectedJobId = "(not queued)";

    private readonly IComfyUiClient _client;
    private readonly ComfyUiEventStreamOptions _events;

    /// <summary>A runner over <paramref name="client"/>, following events at the client's own base address (no credentials: a local server needs none).</summary>
    public LocalWorkflowRunner(ComfyUiClient client)
        : this(client, new ComfyUiEventStreamOptions { BaseAddress = (client ?? throw new ArgumentNullException(nameof(client))).BaseAddress })
    {
    }

    /// <summary>A runner over <paramref name="client"/>, following events as <paramref name="events"/> says (same server; see <see cref="ComfyUiEventStreamOptions.From"/> for credentials).</summary>
    public LocalWorkflowRunner(IComfyUiClient client, ComfyUiEventStreamOptions events)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(events);
        _client = client;
        _events = events;
    }

    /// <summary>The first wait between history polls (used when /ws is unavailable or to catch the history being written); it doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan FirstPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between history polls.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the interrupt sent on cancellation may take before it is given up.</summary>
    public TimeSpan InterruptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="workflow"/> (API format) and downloads its outputs into <paramref name="outputDirectory"/>.</summary>
    /// <returns>The prompt id and the full paths of the files written.</returns>
    /// <exception cref="ArgumentException">The workflow is not a JSON object or the directory is empty; nothing was sent.</exception>
    /// <exception cref="WorkflowFailedException">The server rejected the workflow (its node errors) or a node failed, naming node id, class and message.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the prompt was interrupted on the server.</exception>
    /// <exception cref="ApiException">The server refused a call.</exception>
    public async Task<WorkflowResult> RunAsync(JsonElement workflow, string outputDirectory, IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (workflow.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The workflow must be a JSON object of nodes (ComfyUI API format).", nameof(workflow));
        }

        await using var events = new ComfyUiEventStream(_events);

        // Connect before submitting: the server sends a prompt's events only to a client id connected at the time.
        var live = await TryConnectAsync(events, cancellationToken).ConfigureAwait(false);
        var promptId = await SubmitAsync(workflow, events.ClientId, cancellationToken).ConfigureAwait(false);
        progress?.Report(new WorkflowProgress(WorkflowStage.Queued, promptId, "pending"));

        LocalHistoryEntry history;
        ComfyUiEvent? ending;
        try
        {
            ending = live ? await FollowAsync(events, promptId, workflow, progress, cancellationToken).ConfigureAwait(false) : null;
            history = await WaitForHistoryAsync(promptId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await InterruptAsync(promptId).ConfigureAwait(false);
            throw;
        }

        if (!history.Succeeded)
        {
            throw Failure(promptId, history, ending);
        }

        Directory.CreateDirectory(outputDirectory);
        var files = new List<string>();
        foreach (var file in history.Files)
        {
            if (file.FolderType == "output")
            {
                files.Add(await DownloadAsync(promptId, file, outputDirectory, progress, cancellationToken).ConfigureAwait(false));
            }
        }

        progress?.Report(new WorkflowProgress(WorkflowStage.Completed, promptId, "success"));
        return new WorkflowResult(promptId, files);
    }

    private static async Task<bool> TryConnectAsync(ComfyUiEventStream events, CancellationToken cancellationToken)
    {
        try
        {
            await events.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (WebSocketException)
        {
            // No /ws (a proxy that does not pass WebSockets, say): the run still works, by history polling, without node progress.
            return false;
        }
    }

    private async Task<string> SubmitAsync(JsonElement workflow, string clientId, CancellationToken cancellationToken)
    {
        PromptResponse response;
        try
        {
            response = await _client.ExecutePromptAsync(new PromptRequest { Prompt = workflow, ClientId = clientId }, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException<PromptErrorResponse> exception) when (exception.StatusCode == 400)
        {
            throw PromptRejection.From(exception.Error, RejectedJobId);
        }

        return response.PromptId?.ToString() ?? throw new InvalidOperationException("The server accepted the workflow but returned no prompt_id.");
    }

    /// <summary>
    /// Reports the prompt's events as progress until it ends. Returns its final event (success, error, interrupted),
    /// or null when the end is left to the history: the stream gave up, or it was reopened and the history showed the
    /// prompt finished (its last messages may have been sent while the connection was down, and are lost).
    /// </summary>
    private async Task<ComfyUiEvent?> FollowAsync(ComfyUiEventStream events, string promptId, JsonElement workflow, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ComfyUiEvent? ending = null;
        using var finishedMeanwhile = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? watcher = null;
        try
        {
            await foreach (var message in events.ReadEventsAsync(finishedMeanwhile.Token).ConfigureAwait(false))
            {
                switch (message)
                {
                    case ComfyUiExecutionStartEvent start when start.PromptId == promptId:
                        progress?.Report(new WorkflowProgress(WorkflowStage.Running, promptId, "running"));
                        break;
                    case ComfyUiExecutingEvent { Node: { } node } executing when executing.PromptId == promptId:
                        progress?.Report(new WorkflowProgress(WorkflowStage.Running, promptId, "running") { NodeId = node, NodeType = ClassOf(workflow, node) });
                        break;
                    case ComfyUiProgressEvent step when step.PromptId == promptId:
                        progress?.Report(new WorkflowProgress(WorkflowStage.Running, promptId, "running")
                        {
                            NodeId = step.Node,
                            NodeType = step.Node is null ? null : ClassOf(workflow, step.Node),
                            Step = step.Value,
                            Steps = step.Max,
                        });
                        break;
                    case ComfyUiExecutionSuccessEvent success when success.PromptId == promptId:
                        return success;
                    case ComfyUiExecutionErrorEvent error when error.PromptId == promptId:
                        ending = error;
                        break;
                    case ComfyUiExecutionInterruptedEvent interrupted when interrupted.PromptId == promptId:
                        ending = interrupted;
                        break;
                    case ComfyUiExecutingEvent { Node: null } done when done.PromptId == promptId:
                        return ending;
                    case ComfyUiReconnectedEvent:
                        // From now on the events alone cannot be trusted to announce the end (it may have been sent
                        // while the connection was down, or before the server registered the new one): watch the
                        // history beside them, and stop reading as soon as it has the prompt.
                        watcher ??= WatchHistoryAsync(promptId, finishedMeanwhile);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && finishedMeanwhile.IsCancellationRequested)
        {
            // The watcher found the prompt in the history.
        }
        catch (WebSocketException)
        {
            // Reopening failed: the history tells when the prompt ends.
        }
        finally
        {
            if (watcher is not null)
            {
                await finishedMeanwhile.CancelAsync().ConfigureAwait(false);
                await watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        return ending;
    }

    /// <summary>Polls the history until it has the prompt, then cancels <paramref name="finished"/>; ends quietly when that is cancelled first.</summary>
    private async Task WatchHistoryAsync(string promptId, CancellationTokenSource finished)
    {
        var delay = FirstPollInterval;
        try
        {
            while (true)
            {
                try
                {
                    if (await TryGetHistoryAsync(promptId, finished.Token).ConfigureAwait(false) is not null)
                    {
                        await finished.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (Exception exception) when (exception is ApiException or HttpRequestException)
                {
                    // Try again; a lasting failure surfaces from the wait for the history that follows reading.
                }

                await Task.Delay(delay, finished.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(MaxPollInterval.Ticks, delay.Ticks * 2));
            }
        }
        catch (OperationCanceledException)
        {
            // Reading ended first (the events announced the end, or the caller cancelled).
        }
    }

    private async Task<LocalHistoryEntry> WaitForHistoryAsync(string promptId, CancellationToken cancellationToken)
    {
        var delay = FirstPollInterval;
        while (true)
        {
            if (await TryGetHistoryAsync(promptId, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                return entry;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(MaxPollInterval.Ticks, delay.Ticks * 2));
        }
    }

    /// <summary>The prompt's history entry, or null while it has none (queued or running: the server writes it at the end).</summary>
    private Task<LocalHistoryEntry?> TryGetHistoryAsync(string promptId, CancellationToken cancellationToken) =>
        LocalHistoryEntry.FetchAsync(_client, promptId, cancellationToken);

    private async Task InterruptAsync(string promptId)
    {
        using var timeout = new CancellationTokenSource(InterruptTimeout);
        try
        {
            // Interrupt stops it if it is running (this prompt only: the server compares the id); the queue delete
            // removes it if it is still waiting. One of the two is a no-op.
            await _client.InterruptJobAsync(new InterruptJobRequest { PromptId = promptId }, timeout.Token).ConfigureAwait(false);
            await _client.ManageQueueAsync(new QueueManageRequest { Delete = new[] { promptId } }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ApiException or HttpRequestException or OperationCanceledException)
        {
            // Best effort: the caller cancelled and must get its OperationCanceledException, not this.
        }
    }

    private async Task<string> DownloadAsync(string promptId, ComfyUiOutputFile file, string directory, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        using var response = await _client.ViewFileAsync(file.FileName, subfolder: file.Subfolder, type: file.FolderType, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await OutputDownload.SaveAsync(
            response.Content,
            directory,
            file.FileName,
            done => progress?.Report(new WorkflowProgress(WorkflowStage.Downloading, promptId, "success", file.FileName, done, response.ContentLength)),
            cancellationToken).ConfigureAwait(false);
    }

    private static WorkflowFailedException Failure(string promptId, LocalHistoryEntry history, ComfyUiEvent? ending) =>
        (ending ?? history.Ending) switch
        {
            ComfyUiExecutionErrorEvent error => new WorkflowFailedException(promptId, history.Status ?? "error", error.NodeId, error.NodeType, error.ExceptionType, error.ExceptionMessage?.TrimEnd()),
            ComfyUiExecutionInterruptedEvent interrupted => new WorkflowFailedException(promptId, "interrupted", interrupted.NodeId, interrupted.NodeType, "Interrupted", "the prompt was interrupted on the server"),
            _ => new WorkflowFailedException(promptId, history.Status ?? "error", null, null, null, "the server's history records no error message"),
        };

    /// <summary>The class_type of a node of the submitted workflow.</summary>
    private static string? ClassOf(JsonElement workflow, string nodeId) =>
        workflow.TryGetProperty(nodeId, out var node) ? ComfyUiJson.String(node, "class_type") : null;
}
