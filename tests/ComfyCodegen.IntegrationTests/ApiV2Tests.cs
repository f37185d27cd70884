using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Comfy.V2;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>The Comfy API v2 client over loopback HTTP: idempotency keys, Range downloads, optional auth, nullable fields, servers.</summary>
public sealed class ApiV2Tests
{
    private const string JobJson = """
        {"id":"job-1","status":"running","created_at":"2026-11-29T10:00:00Z","started_at":null,"completed_at":null,
         "expires_at":"2026-12-06T10:00:00Z","queue_position":null,"progress":null,"outputs":[],"error":null,
         "metrics":{"gpu_ms":1200,"queue_ms":null},
         "urls":{"self":"/api/v2/jobs/job-1","events":"/api/v2/jobs/job-1/events","cancel":"/api/v2/jobs/job-1/cancel"}}
        """;

    [Fact]
    public async Task IdempotencyKeyIsSentAndRequiredButNullableFieldsRead()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", JobJson);
        using var client = new ComfyApiV2Client(new ApiClientOptions { BaseAddress = server.BaseAddress, BearerToken = "token" });

        var job = await client.PostJobsAsync(new PostJobsRequest { Workflow = System.Text.Json.JsonDocument.Parse("{}").RootElement }, idempotencyKey: "run-42");

        var request = Assert.Single(server.Requests);
        Assert.Equal("run-42", request.Headers["Idempotency-Key"]);
        Assert.Equal("Bearer token", request.Headers["Authorization"]);
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Null(job.StartedAt);
        Assert.Null(job.QueuePosition);
        Assert.Null(job.Progress);
        Assert.Equal(1200, job.Metrics!["gpu_ms"]);
        Assert.Null(job.Metrics["queue_ms"]);
        Assert.Contains("\"started_at\":null", System.Text.Json.JsonSerializer.Serialize(job));
    }

    [Fact]
    public async Task ARequiredButNullableFieldThatIsAbsentIsAnError()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", JobJson.Replace("\"started_at\":null,", string.Empty));
        using var client = new ComfyApiV2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var exception = await Assert.ThrowsAsync<ApiException>(() => client.GetJobAsync("job-1"));

        Assert.Contains("'started_at'", exception.Message);
    }

    [Fact]
    public async Task AuthIsOptionalNoTokenNoHeader()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", JobJson);
        using var client = new ComfyApiV2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        await client.GetJobAsync("job-1");

        Assert.False(Assert.Single(server.Requests).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task RangeDownloadAnswers206WithThePart()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 206;
            context.Response.ContentType = "application/octet-stream";
            context.Response.Headers["Content-Range"] = "bytes 0-3/10";
            await context.Response.Body.WriteAsync(new byte[] { 1, 2, 3, 4 });
        });
        using var client = new ComfyApiV2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        using var part = await client.GetAssetContentAsync("asset-1", range: "bytes=0-3");
        using var copy = new MemoryStream();
        await part.Content.CopyToAsync(copy);

        Assert.Equal(206, part.StatusCode);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, copy.ToArray());
        Assert.Equal("bytes=0-3", Assert.Single(server.Requests).Headers["Range"]);
        Assert.Equal("/api/v2/assets/asset-1/content", server.Requests[0].RawTarget);
    }

    [Fact]
    public async Task AnUnsatisfiableRangeIs416()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 416;
            return Task.CompletedTask;
        });
        using var client = new ComfyApiV2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var exception = await Assert.ThrowsAsync<ApiException>(() => client.GetAssetContentAsync("asset-1", range: "bytes=99-100"));

        Assert.Equal(416, exception.StatusCode);
        Assert.Null(exception.Body);
    }

    [Fact]
    public void ServerVariablesDefaultAndCanBeSet()
    {
        Assert.Equal(new Uri("http://127.0.0.1:8189"), new Uri(ComfyApiV2Client.DefaultBaseAddress));
        Assert.Equal(new Uri("https://dep-1234abcd-56ef-7890-abcd-ef1234567890.run.comfy.app"), ComfyApiV2Client.Servers.Server3());
        Assert.Equal(new Uri("https://my-deployment.run.comfy.app"), ComfyApiV2Client.Servers.Server3("my-deployment"));
        Assert.Equal(new Uri("https://cloud.comfy.org"), ComfyApiV2Client.Servers.Server2());
    }

    [Theory]
    [InlineData(typeof(IComfyApiV2Client), 11)]
    [InlineData(typeof(Comfy.Local.IComfyUiClient), 85)]
    [InlineData(typeof(Comfy.Cloud.IComfyCloudClient), 42)]
    public void EveryOperationHasAMethod(Type client, int operations)
    {
        var names = client.GetMethods()
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Where(m => !(m.Name.EndsWith("AllAsync", StringComparison.Ordinal) && m.ReturnType.Name.StartsWith("IAsyncEnumerable", StringComparison.Ordinal)))
            .Select(m => m.Name)
            .Distinct()
            .Count();

        Assert.Equal(operations, names);
    }
}
