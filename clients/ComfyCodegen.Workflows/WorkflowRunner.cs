using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Workflows.Cloud;

namespace ComfyCodegen.Workflows;

/// <summary>
/// Runs a ComfyUI workflow on Comfy Cloud and brings its outputs home: submit (executePrompt), wait (job status,
/// polled with backoff), download every output file (viewFile, streamed to disk), with progress reports.
/// </summary>
/// <param name="client">The Comfy Cloud client.</param>
public sealed class WorkflowRunner(IComfyCloudClient client)
{
    /// <summary>The first wait between status polls; it grows by half each poll up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan FirstPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between status polls.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="workflow"/> (API format) and downloads its outputs into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="WorkflowFailedException">The workflow failed or was cancelled on the server.</exception>
    /// <exception cref="ComfyCodegen.Runtime.ApiException">The server refused a call.</exception>
    public async Task<WorkflowResult> RunAsync(JsonElement workflow, string outputDirectory, IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (workflow.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The workflow must be a JSON object of nodes (ComfyUI API format).", nameof(workflow));
        }

        var submitted = await client.ExecutePromptAsync(new PromptRequest { Prompt = workflow }, cancellationToken).ConfigureAwait(false);
        var id = submitted.PromptId ?? throw new InvalidOperationException("The server accepted the workflow but returned no prompt_id.");
        var jobId = id.ToString();
        var status = await WaitAsync(id, progress, cancellationToken).ConfigureAwait(false);

        var detail = await client.GetJobDetailAsync(id, cancellationToken).ConfigureAwait(false);
        if (status != "completed")
        {
            var error = detail.ExecutionError;
            throw new WorkflowFailedException(jobId, status, error?.NodeId, error?.NodeType, error?.ExceptionType, error?.ExceptionMessage);
        }

        Directory.CreateDirectory(outputDirectory);
        var files = new List<string>();
        foreach (var output in OutputFiles(detail.Outputs))
        {
            files.Add(await DownloadAsync(jobId, output, outputDirectory, progress, cancellationToken).ConfigureAwait(false));
        }

        progress?.Report(new WorkflowProgress(WorkflowStage.Completed, jobId, status));
        return new WorkflowResult(jobId, files);
    }

    private async Task<string> WaitAsync(Guid id, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        var jobId = id.ToString();
        var delay = FirstPollInterval;
        while (true)
        {
            var job = await client.GetJobStatusAsync(id, cancellationToken).ConfigureAwait(false);
            var status = job.Status.Value;
            switch (status)
            {
                case "completed" or "error" or "cancelled":
                    return status;
                case "in_progress":
                    progress?.Report(new WorkflowProgress(WorkflowStage.Running, jobId, status));
                    break;
                default:
                    progress?.Report(new WorkflowProgress(WorkflowStage.Queued, jobId, status));
                    break;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(MaxPollInterval.Ticks, (long)(delay.Ticks * 1.5)));
        }
    }

    private async Task<string> DownloadAsync(string jobId, OutputFile output, string directory, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        using var response = await client.ViewFileAsync(output.FileName, subfolder: output.Subfolder, type: output.Type, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await OutputDownload.SaveAsync(
            response.Content,
            directory,
            output.FileName,
            done => progress?.Report(new WorkflowProgress(WorkflowStage.Downloading, jobId, "completed", output.FileName, done, response.ContentLength)),
            cancellationToken).ConfigureAwait(false);
    }

    private readonly record struct OutputFile(string FileName, string? Subfolder, string? Type);

    /// <summary>ComfyUI's outputs: { node id: { images|gifs|audio|...: [ { filename, subfolder, type } ] } }.</summary>
    private static IEnumerable<OutputFile> OutputFiles(JsonElement? outputs)
    {
        if (outputs is not { ValueKind: JsonValueKind.Object } nodes)
        {
            yield break;
        }

        foreach (var node in nodes.EnumerateObject().Select(property => property.Value))
        {
            if (node.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var kind in node.EnumerateObject())
            {
                if (kind.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var item in kind.Value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("filename", out var name) && name.ValueKind == JsonValueKind.String)
                    {
                        yield return new OutputFile(
                            name.GetString()!,
                            item.TryGetProperty("subfolder", out var subfolder) && subfolder.ValueKind == JsonValueKind.String ? subfolder.GetString() : null,
                            item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null);
                    }
                }
            }
        }
    }
}
