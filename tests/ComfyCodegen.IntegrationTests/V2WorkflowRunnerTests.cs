using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using ComfyCodegen.Workflows;
using Microsoft.AspNetCore.Http;
using Xunit;
using V2Client = ComfyCodegen.Workflows.V2.ComfyApiV2Client;

namespace ComfyCodegen.IntegrationTests;

/// <summary>The v2 workflow helper over a scripted v2 server: submit, follow the job's events, download its outputs.</summary>
public sealed class V2WorkflowRunnerTests : IDisposable
{
    private static readonly byte[] Image = { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5 };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "comfy-v2-run-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Job(string status, string outputs = "[]", string error = "null") => $$$"""
        {"id":"job-7","status":"{{{status}}}","created_at":"2026-11-29T10:00:00Z","started_at":null,"completed_at":null,
         "expires_at":"2026-12-06T10:00:00Z","queue_position":null,"progress":null,"outputs":{{{outputs}}},"error":{{{error}}},
         "urls":{"self":"/api/v2/jobs/job-7","events":"/api/v2/jobs/job-7/events","cancel":"/api/v2/jobs/job-7/cancel"}}
        """;

    private const string Output = """
        [{"node_id":"9","name":"result.png","type":"image","content_type":"image/png","size_bytes":9,"id":"asset-1","hash":null,
          "url":"https://example.test/a","url_expires_at":"2026-11-29T11:00:00Z","job_id":"job-7"}]
        """;

    private static Task<LoopbackServer> Server(string finalStatus, string finalJob, params (string Id, byte[] Content)[] assets) => LoopbackServer.StartAsync(async context =>
    {
        var path = context.Request.Path.Value;
        var asset = assets.FirstOrDefault(a => path == $"/api/v2/assets/{a.Id}/content");
        if (asset.Content is not null)
        {
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(asset.Content);
            return;
        }

        switch (path)
        {
            case "/api/v2/jobs":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Job("queued"));
                break;
            case "/api/v2/jobs/job-7/events":
                context.Response.ContentType = "text/event-stream";
                await context.Response.WriteAsync("event: status\ndata: {\"status\":\"running\",\"queue_position\":null}\n\n");
                await context.Response.WriteAsync("event: progress\ndata: {\"value\":0.5,\"nodes_done\":1,\"nodes_total\":2}\n\n");
                await context.Response.WriteAsync($"event: status\ndata: {{\"status\":\"{finalStatus}\",\"queue_position\":null}}\n\n");
                break;
            case "/api/v2/jobs/job-7":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(finalJob);
                break;
            case "/api/v2/assets/asset-1/content":
                context.Response.ContentType = "image/png";
                await context.Response.Body.WriteAsync(Image);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    });

    [Fact]
    public async Task SubmitsFollowsTheEventsAndDownloadsTheOutputs()
    {
        await using var server = await Server("succeeded", Job("succeeded", Output));
        using var client = new V2Client(new ApiClientOptions { BaseAddress = server.BaseAddress, BearerToken = "t" });
        var reports = new List<WorkflowProgress>();

        var result = await new V2WorkflowRunner(client).RunAsync(JsonDocument.Parse("""{"9":{"class_type":"SaveImage","inputs":{}}}""").RootElement, _directory, new Synchronous(reports.Add));

        Assert.Equal("job-7", result.JobId);
        Assert.Equal(Image, File.ReadAllBytes(Assert.Single(result.Files)));
        Assert.Equal("result.png", Path.GetFileName(result.Files[0]));
        Assert.Contains(reports, r => r.Stage == WorkflowStage.Running && r.Status == "50%");
        Assert.Equal(WorkflowStage.Completed, reports.Last().Stage);
        var submit = server.Requests.First();
        Assert.Equal("POST", submit.Method);
        Assert.Equal(32, submit.Headers["Idempotency-Key"].Length);
        Assert.Equal(new[] { "/api/v2/jobs", "/api/v2/jobs/job-7/events", "/api/v2/jobs/job-7", "/api/v2/assets/asset-1/content" }, server.Requests.Select(r => r.RawTarget).ToArray());
    }

    [Fact]
    public async Task AFailedJobThrowsWithTheServersError()
    {
        await using var server = await Server("failed", Job("failed", error: """{"code":"node_error","message":"KSampler: CUDA out of memory"}"""));
        using var client = new V2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var exception = await Assert.ThrowsAsync<WorkflowFailedException>(() => new V2WorkflowRunner(client).RunAsync(JsonDocument.Parse("{}").RootElement, _directory));

        Assert.Equal("failed", exception.Status);
        Assert.Equal("node_error", exception.ExceptionType);
        Assert.Contains("CUDA out of memory", exception.Message);
    }

    [Fact]
    public async Task AStreamThatEndsCleanlyBeforeAFinalStatusIsReopenedUntilOne()
    {
        // A proxy closing an idle connection: the first stream ends without a final status; the job goes on.
        var opened = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/api/v2/jobs":
                    await Json(context, Job("queued"));
                    break;
                case "/api/v2/jobs/job-7/events":
                    context.Response.ContentType = "text/event-stream";
                    if (Interlocked.Increment(ref opened) == 1)
                    {
                        await context.Response.WriteAsync("event: status\ndata: {\"status\":\"running\",\"queue_position\":null}\n\n");
                        await context.Response.WriteAsync("event: progress\ndata: {\"value\":0.5,\"nodes_done\":1,\"nodes_total\":2}\n\n");
                    }
                    else
                    {
                        await context.Response.WriteAsync("event: status\ndata: {\"status\":\"running\",\"queue_position\":null}\n\n");
                        await context.Response.WriteAsync("event: status\ndata: {\"status\":\"succeeded\",\"queue_position\":null}\n\n");
                    }

                    break;
                case "/api/v2/jobs/job-7":
                    await Json(context, Volatile.Read(ref opened) < 2 ? Job("running") : Job("succeeded", Output));
                    break;
                case "/api/v2/assets/asset-1/content":
                    context.Response.ContentType = "image/png";
                    await context.Response.Body.WriteAsync(Image);
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        });
        using var client = new V2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });
        var runner = new V2WorkflowRunner(client) { FirstReopenDelay = TimeSpan.FromMilliseconds(1) };

        var result = await runner.RunAsync(JsonDocument.Parse("{}").RootElement, _directory);

        Assert.Equal(Image, File.ReadAllBytes(Assert.Single(result.Files)));
        Assert.Equal(
            new[] { "/api/v2/jobs", "/api/v2/jobs/job-7/events", "/api/v2/jobs/job-7", "/api/v2/jobs/job-7/events", "/api/v2/jobs/job-7", "/api/v2/assets/asset-1/content" },
            server.Requests.Select(r => r.RawTarget).ToArray());
    }

    [Fact]
    public async Task AStreamThatKeepsEndingWithoutNewsGivesUpAfterTheLimit()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/api/v2/jobs":
                    await Json(context, Job("queued"));
                    break;
                case "/api/v2/jobs/job-7/events":
                    context.Response.ContentType = "text/event-stream";
                    // The present state on every connect: the same status and progress snapshot, nothing new.
                    await context.Response.WriteAsync("event: status\ndata: {\"status\":\"running\",\"queue_position\":null}\n\n");
                    await context.Response.WriteAsync("event: progress\ndata: {\"value\":0.25,\"nodes_done\":1,\"nodes_total\":4,\"current_node\":\"3\",\"step\":5,\"steps\":20}\n\n");
                    break;
                case "/api/v2/jobs/job-7":
                    await Json(context, Job("running"));
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        });
        using var client = new V2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });
        var runner = new V2WorkflowRunner(client) { MaxQuietReopens = 3, FirstReopenDelay = TimeSpan.FromMilliseconds(1), MaxReopenDelay = TimeSpan.FromMilliseconds(4) };

        var exception = await Assert.ThrowsAsync<WorkflowStreamException>(() => runner.RunAsync(JsonDocument.Parse("{}").RootElement, _directory));

        Assert.Equal("job-7", exception.JobId);
        Assert.Equal("running", exception.LastStatus);
        Assert.Equal(4, exception.QuietEnds);
        Assert.Contains("4 times in a row", exception.Message);
        // The first stream brought news (the job runs); then three quiet ends were reopened and the fourth was not.
        Assert.Equal(5, server.Requests.Count(r => r.RawTarget == "/api/v2/jobs/job-7/events"));
        Assert.DoesNotContain(server.Requests, r => r.RawTarget.StartsWith("/api/v2/assets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutputsWithTheSameNameAreAllKept()
    {
        const string outputs = """
            [{"node_id":"9","name":"ComfyUI_00001_.png","type":"image","content_type":"image/png","size_bytes":1,"id":"asset-1","hash":null,
              "url":"https://example.test/a","url_expires_at":"2026-11-29T11:00:00Z","job_id":"job-7"},
             {"node_id":"12","name":"ComfyUI_00001_.png","type":"image","content_type":"image/png","size_bytes":1,"id":"asset-2","hash":null,
              "url":"https://example.test/b","url_expires_at":"2026-11-29T11:00:00Z","job_id":"job-7"}]
            """;
        await using var server = await Server("succeeded", Job("succeeded", outputs), ("asset-1", [1]), ("asset-2", [2]));
        using var client = new V2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var result = await new V2WorkflowRunner(client).RunAsync(JsonDocument.Parse("{}").RootElement, _directory);

        Assert.Equal(new[] { "ComfyUI_00001_.png", "ComfyUI_00001_ (2).png" }, result.Files.Select(Path.GetFileName).ToArray());
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(result.Files[0]));
        Assert.Equal(new byte[] { 2 }, File.ReadAllBytes(result.Files[1]));
        Assert.Equal(2, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public async Task AFileAlreadyInTheFolderIsNotOverwritten()
    {
        Directory.CreateDirectory(_directory);
        var mine = Path.Combine(_directory, "result.png");
        File.WriteAllBytes(mine, [42]);
        await using var server = await Server("succeeded", Job("succeeded", Output));
        using var client = new V2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var result = await new V2WorkflowRunner(client).RunAsync(JsonDocument.Parse("{}").RootElement, _directory);

        Assert.Equal(new byte[] { 42 }, File.ReadAllBytes(mine));
        Assert.Equal(Path.Combine(_directory, "result (2).png"), Assert.Single(result.Files));
        Assert.Equal(Image, File.ReadAllBytes(result.Files[0]));
    }

    [Fact]
    public async Task AnOutputNameWithNoFileNameIsSavedInsideTheFolder()
    {
        const string outputs = """
            [{"node_id":"9","name":"../..","type":"image","content_type":"image/png","size_bytes":9,"id":"asset-1","hash":null,
              "url":"https://example.test/a","url_expires_at":"2026-11-29T11:00:00Z","job_id":"job-7"}]
            """;
        await using var server = await Server("succeeded", Job("succeeded", outputs));
        using var client = new V2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var result = await new V2WorkflowRunner(client).RunAsync(JsonDocument.Parse("{}").RootElement, _directory);

        Assert.Equal(Path.Combine(_directory, "output"), Assert.Single(result.Files));
        Assert.Equal(Image, File.ReadAllBytes(result.Files[0]));
    }

    private static async Task Json(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private sealed class Synchronous(Action<WorkflowProgress> report) : IProgress<WorkflowProgress>
    {
        public void Report(WorkflowProgress value) => report(value);
    }
}
