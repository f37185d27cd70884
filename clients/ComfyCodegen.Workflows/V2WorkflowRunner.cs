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

    /// <summary>
    /// How many times in a row the job's event stream may end without a final status and without news (a status,
    /// queue position, progress or output the runner had not seen) and still be reopened; the next such end makes
    /// the runner give up with a <see cref="WorkflowStreamException"/>. Default 10.
    /// </summary>
    public int MaxQuietReopens { get; init; } = 10;

    /// <summary>The wait before the stream is reopened after it brought news; it doubles each quiet end up to <see cref="MaxReopenDelay"/>.</summary>
    public TimeSpan FirstReopenDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait before the stream is reopened.</summary>
    public TimeSpan MaxReopenDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="workflow"/> (API format) and downloads its outputs into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="WorkflowFailedException">The job failed, was canceled or expired.</exception>
    /// <exception cref="WorkflowStreamException">The job's event stream kept ending without news (see <see cref="MaxQuietReopens"/>).</exception>
    /// <exception cref="ComfyCodegen.Runtime.ApiException">The server refused a call.</exception>
    public async Task<WorkflowResult> RunAsync(JsonElement workflow, string outputDirectory, IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (workflow.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The workflow must be a JSON object of nodes (ComfyUI API format).", nameof(workflow));
        }

        var job = await client.PostJobsAsync(new PostJobsRequest { Workflow = workflow }, idempotencyKey: Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
        var status = await WaitAsync(job.Id, job.Status.Value, progress, cancellationToken).ConfigureAwait(false);

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

    /// <summary>
    /// Follows the job's events until a final status and returns it. The stream ending without one (a proxy closing an
    /// idle connection, a server restart) is not the end of the job: the job record is asked, and the stream reopened
    /// (the v2 stream cannot be resumed with Last-Event-ID; it sends the present state on connect) after a delay that
    /// grows while the stream brings nothing new, up to <see cref="MaxQuietReopens"/> quiet ends in a row.
    /// </summary>
    private async Task<string> WaitAsync(string jobId, string status, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        StatusEvent? lastStatus = null;
        Progress? lastProgress = null;
        var quietEnds = 0;
        var delay = FirstReopenDelay;
        while (!FinalStatuses.Contains(status))
        {
            var news = false;
            await foreach (var item in client.GetJobEventsAsync(jobId, cancellationToken).ConfigureAwait(false))
            {
                if (item.Status is { } update)
                {
                    news |= update != lastStatus;
                    lastStatus = update;
                    status = update.Status.Value;
                    progress?.Report(new WorkflowProgress(Stage(status), jobId, status));
                    if (FinalStatuses.Contains(status))
                    {
                        return status;
                    }
                }
                else if (item.Progress is { } step)
                {
                    news |= step != lastProgress;
                    lastProgress = step;
                    progress?.Report(new WorkflowProgress(WorkflowStage.Running, jobId, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{step.Value * 100:0}%")));
                }
                else if (item.Output is not null)
                {
                    news = true;
                }
            }

            // A clean end without a final status: the job record says whether the job is over.
            var current = (await client.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false)).Status.Value;
            news |= current != status;
            status = current;
            if (FinalStatuses.Contains(status))
            {
                return status;
            }

            if (news)
            {
                quietEnds = 0;
                delay = FirstReopenDelay;
            }
            else if (++quietEnds > MaxQuietReopens)
            {
                throw new WorkflowStreamException(jobId, status, quietEnds);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            if (!news)
            {
                delay = TimeSpan.FromTicks(Math.Min(MaxReopenDelay.Ticks, delay.Ticks * 2));
            }
        }

        return status;
    }

    private static WorkflowStage Stage(string status) => status == "queued" ? WorkflowStage.Queued : WorkflowStage.Running;
}
