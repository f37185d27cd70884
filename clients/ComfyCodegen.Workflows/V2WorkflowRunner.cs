using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Workflows.V2;

namespace ComfyCodegen.Workflows;

/// <summary>
/// Runs a workflow through the Comfy API v2 and brings its outputs home: submit (postJobs, with an idempotency
/// key so a retried submit cannot start it twice), follow the job's Server-Sent Events until a final status, then
/// download every output asset (getAssetContent, streamed to disk), with progress reports.
/// </summary>
/// <param name="client">The Comfy API v2 client.</param>
public sealed class V2WorkflowRunner(IComfyApiV2Client client)
{
    private static readonly HashSet<string> FinalStatuses = new(StringComparer.Ordinal) { "succeeded", "failed", "canceled", "expired" };

    /// <summary>Runs <paramref name="workflow"/> (API format) and downloads its outputs into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="WorkflowFailedException">The job failed, was canceled or expired.</exception>
    /// <exception cref="ComfyCodegen.Runtime.ApiException">The server refused a call.</exception>
    public async Task<WorkflowResult> RunAsync(JsonElement workflow, string outputDirectory, IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (workflow.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The workflow must be a JSON object of nodes (ComfyUI API format).", nameof(workflow));
        }

        var job = await client.PostJobsAsync(new PostJobsRequest { Workflow = workflow }, idempotencyKey: Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
        var status = job.Status.Value;
        if (!FinalStatuses.Contains(status))
        {
            await foreach (var item in client.GetJobEventsAsync(job.Id, cancellationToken).ConfigureAwait(false))
            {
                if (item.Status is { } update)
                {
                    status = update.Status.Value;
                    progress?.Report(new WorkflowProgress(status == "queued" ? WorkflowStage.Queued : WorkflowStage.Running, job.Id, status));
                    if (FinalStatuses.Contains(status))
                    {
                        break;
                    }
                }
                else if (item.Progress is { } step)
                {
                    progress?.Report(new WorkflowProgress(WorkflowStage.Running, job.Id, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{step.Value * 100:0}%")));
                }
            }
        }

        // The job record is the source of truth for the outputs and the error, whatever the stream delivered.
        job = await client.GetJobAsync(job.Id, cancellationToken).ConfigureAwait(false);
        if (job.Status != JobStatus.Succeeded)
        {
            throw new WorkflowFailedException(job.Id, job.Status.Value, null, null, job.Error?.Code, job.Error?.Message);
        }

        Directory.CreateDirectory(outputDirectory);
        var files = new List<string>();
        foreach (var output in job.Outputs)
        {
            using var content = await client.GetAssetContentAsync(output.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
            var path = await OutputDownload.SaveAsync(
                content.Content,
                outputDirectory,
                output.Name,
                done => progress?.Report(new WorkflowProgress(WorkflowStage.Downloading, job.Id, status, output.Name, done, content.ContentLength ?? output.SizeBytes)),
                cancellationToken).ConfigureAwait(false);
            files.Add(path);
        }

        progress?.Report(new WorkflowProgress(WorkflowStage.Completed, job.Id, status));
        return new WorkflowResult(job.Id, files);
    }
}
