using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ComfyCodegen.Workflows;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
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

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<WorkflowProgress> report) : IProgress<WorkflowProgress>
    {
        public void Report(WorkflowProgress value) => report(value);
    }
}
