using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ComfyCodegen.Workflows;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;
using CloudClient = ComfyCodegen.Workflows.Cloud.ComfyCloudClient;

namespace ComfyCodegen.IntegrationTests;

/// <summary>The job users do: submit a workflow, wait for it, download every output — against the fake Cloud.</summary>
public sealed class WorkflowRunnerTests : IAsyncLifetime
{
    private const string Workflow = """{"3":{"class_type":"KSampler","inputs":{"seed":1}},"9":{"class_type":"SaveImage","inputs":{"filename_prefix":"ComfyUI"}}}""";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "comfy-run-" + Guid.NewGuid().ToString("N"));
    private FakeComfyCloud _cloud = null!;
    private CloudClient _client = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeComfyCloud.StartAsync();
        _client = new CloudClient(new ApiClientOptions { BaseAddress = _cloud.BaseAddress, ApiKey = _cloud.ApiKey });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cloud.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task RunsWaitsAndDownloadsEveryOutput()
    {
        var reports = new List<WorkflowProgress>();
        var runner = new WorkflowRunner(_client) { FirstPollInterval = TimeSpan.FromMilliseconds(5) };

        var result = await runner.RunAsync(JsonDocument.Parse(Workflow).RootElement, _directory, new SynchronousProgress(reports.Add));

        var file = Assert.Single(result.Files);
        Assert.Equal(_directory, Path.GetDirectoryName(file));
        Assert.Equal(_cloud.State.GetFileContent(Path.GetFileName(file)), File.ReadAllBytes(file));
        Assert.Equal(new[] { WorkflowStage.Queued, WorkflowStage.Running, WorkflowStage.Downloading, WorkflowStage.Completed }, reports.Select(r => r.Stage).Distinct().ToArray());
        var last = reports.Last(r => r.Stage == WorkflowStage.Downloading);
        Assert.Equal(new FileInfo(file).Length, last.BytesDone);
        Assert.Equal(result.JobId, _cloud.State.Jobs.Single().Id.ToString());
    }

    [Fact]
    public async Task AFailedRunNamesTheNodeAndTheError()
    {
        _cloud.State.AutoAdvanceJobs = false;
        var runner = new WorkflowRunner(_client) { FirstPollInterval = TimeSpan.FromMilliseconds(5) };
        var failed = false;
        var progress = new SynchronousProgress(report =>
        {
            if (!failed)
            {
                failed = true;
                _cloud.State.FailJob(Guid.Parse(report.JobId), "CUDA out of memory");
            }
        });

        var exception = await Assert.ThrowsAsync<WorkflowFailedException>(() => runner.RunAsync(JsonDocument.Parse(Workflow).RootElement, _directory, progress));

        Assert.Equal("error", exception.Status);
        Assert.False(string.IsNullOrEmpty(exception.NodeId));
        Assert.False(string.IsNullOrEmpty(exception.NodeType));
        Assert.Contains("CUDA out of memory", exception.Message);
        Assert.False(Directory.Exists(_directory) && Directory.EnumerateFiles(_directory).Any());
    }

    [Fact]
    public async Task AWorkflowThatIsNotAnObjectIsRejectedBeforeSending()
    {
        var runner = new WorkflowRunner(_client);

        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(JsonDocument.Parse("[1]").RootElement, _directory));

        Assert.Empty(_cloud.Requests);
    }

    [Fact]
    public async Task AFileAlreadyInTheFolderIsNotOverwritten()
    {
        Directory.CreateDirectory(_directory);
        var mine = Path.Combine(_directory, "ComfyUI_00001_.png");
        File.WriteAllBytes(mine, [42]);
        var runner = new WorkflowRunner(_client) { FirstPollInterval = TimeSpan.FromMilliseconds(5) };

        var result = await runner.RunAsync(JsonDocument.Parse(Workflow).RootElement, _directory);

        Assert.Equal(new byte[] { 42 }, File.ReadAllBytes(mine));
        var file = Assert.Single(result.Files);
        Assert.Equal(Path.Combine(_directory, "ComfyUI_00001_ (2).png"), file);
        Assert.Equal(_cloud.State.GetFileContent("ComfyUI_00001_.png"), File.ReadAllBytes(file));
    }

    [Fact]
    public async Task OutputsWithTheSameNameFromDifferentNodesAreAllKept()
    {
        // ComfyUI numbers outputs per subfolder, so two nodes saving into different subfolders both write ComfyUI_00001_.png.
        const string id = "0b6f1c4e-7a53-4c8e-9a43-5d2f8c1e9b70";
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            switch (context.Request.Path.Value)
            {
                case "/api/prompt":
                    await context.Response.WriteAsync($$"""{"prompt_id":"{{id}}","number":1,"node_errors":{ } }""");
                    break;
                case $"/api/job/{id}/status":
                    await context.Response.WriteAsync($$"""{"id":"{{id}}","status":"completed","created_at":"2026-11-29T10:00:00Z","updated_at":"2026-11-29T10:00:01Z"}""");
                    break;
                case $"/api/jobs/{id}":
                    await context.Response.WriteAsync($$"""
                        {"id":"{{id}}","status":"completed","create_time":1,"update_time":2,"outputs":{
                          "9":{"images":[{"filename":"ComfyUI_00001_.png","subfolder":"faces","type":"output"}]},
                          "12":{"images":[{"filename":"ComfyUI_00001_.png","subfolder":"hands","type":"output"}]} } }
                        """);
                    break;
                case "/api/view":
                    context.Response.ContentType = "image/png";
                    await context.Response.Body.WriteAsync(context.Request.Query["subfolder"] == "faces" ? new byte[] { 1 } : new byte[] { 2 });
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        });
        using var client = new CloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var result = await new WorkflowRunner(client).RunAsync(JsonDocument.Parse(Workflow).RootElement, _directory);

        Assert.Equal(new[] { "ComfyUI_00001_.png", "ComfyUI_00001_ (2).png" }, result.Files.Select(Path.GetFileName).ToArray());
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(result.Files[0]));
        Assert.Equal(new byte[] { 2 }, File.ReadAllBytes(result.Files[1]));
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<WorkflowProgress> report) : IProgress<WorkflowProgress>
    {
        public void Report(WorkflowProgress value) => report(value);
    }
}
