using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// 429 and 503 through the DI client: Retry-After (seconds or an HTTP-date) is waited out, replayable requests are
/// sent again, and a body that can be read only once is sent exactly once — never duplicated, never silently lost.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RetryTests(ITestOutputHelper output)
{
    private const string Refused = """{"code":"busy","message":"try later"}""";

    /// <summary>Arrival times of requests, in the server's clock.</summary>
    private readonly ConcurrentQueue<(long Timestamp, string Method, string Path)> _arrivals = new();

    private static ServiceProvider Services(Uri baseAddress) =>
        new ServiceCollection()
            .AddComfyCloudClient(
                options =>
                {
                    options.BaseAddress = baseAddress;
                    options.ApiKey = "retry-key";
                },
                // Without Retry-After a retry would come 10 ms later: any longer wait is the header's doing.
                resilience =>
                {
                    resilience.Retry.Delay = TimeSpan.FromMilliseconds(10);
                    resilience.Retry.UseJitter = false;
                })
            .Services
            .BuildServiceProvider();

    public enum RetryAfter
    {
        Seconds,
        HttpDate,
    }

    /// <summary>Answers the first request with <paramref name="status"/> and Retry-After, every later one with <paramref name="success"/>.</summary>
    private Func<HttpContext, Task> RefuseOnceThen(int status, RetryAfter form, string success, int successStatus = 200)
    {
        var calls = 0;
        return async context =>
        {
            _arrivals.Enqueue((Stopwatch.GetTimestamp(), context.Request.Method, context.Request.Path));
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = status;
                context.Response.Headers.RetryAfter = form == RetryAfter.Seconds
                    ? "1"
                    // An HTTP-date has whole seconds: 2 s from now is between 1 and 2 s away.
                    : DateTimeOffset.UtcNow.AddSeconds(2).ToString("r", CultureInfo.InvariantCulture);
                await context.Response.WriteAsync(Refused);
                return;
            }

            context.Response.StatusCode = successStatus;
            await context.Response.WriteAsync(success);
        };
    }

    private TimeSpan GapBetweenFirstTwoArrivals()
    {
        var arrivals = _arrivals.ToArray();
        return Stopwatch.GetElapsedTime(arrivals[0].Timestamp, arrivals[1].Timestamp);
    }

    [Theory]
    [InlineData(429, RetryAfter.Seconds)]
    [InlineData(503, RetryAfter.Seconds)]
    [InlineData(429, RetryAfter.HttpDate)]
    [InlineData(503, RetryAfter.HttpDate)]
    public async Task AGetIsRetriedAfterWaitingOutRetryAfter(int status, RetryAfter form)
    {
        await using var server = await LoopbackServer.StartAsync(RefuseOnceThen(status, form, Bodies.Tags));
        await using var provider = Services(server.BaseAddress);

        var page = await provider.GetRequiredService<IComfyCloudClient>().ListTagsAsync();

        Assert.Equal(1, page.Total);
        Assert.Equal(2, server.Requests.Count);
        var gap = GapBetweenFirstTwoArrivals();
        output.WriteLine($"{status} with Retry-After as {form}: the retry came {gap.TotalMilliseconds:0} ms later");
        Assert.InRange(gap, TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(2600));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task ARefusedPostWithAReplayableBodyIsRetriedWithTheSameBody(int status)
    {
        const string created = """{"id":"5f0c6f0e-1d36-4a4c-9b0e-3f5d2b1c7a11","name":"a.png","asset_hash":"blake3:0000000000000000000000000000000000000000000000000000000000000000","size":3,"mime_type":"image/png","tags":["input"],"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","last_access_time":"2026-01-01T00:00:00Z","created_new":true}""";
        await using var server = await LoopbackServer.StartAsync(RefuseOnceThen(status, RetryAfter.Seconds, created, 201));
        await using var provider = Services(server.BaseAddress);
        var body = new CreateAssetFromHashRequest { Hash = "blake3:" + new string('0', 64), Tags = new[] { "input" } };

        var response = await provider.GetRequiredService<IComfyCloudClient>().CreateAssetFromHashAsync(body);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.Equal("POST", request.Method));
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Contains("blake3:", System.Text.Encoding.UTF8.GetString(server.Requests[1].Body));
        Assert.True(GapBetweenFirstTwoArrivals() >= TimeSpan.FromMilliseconds(900), "the retry did not wait for Retry-After");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task ANonReplayableUploadIsSentExactlyOnceAndTheRefusalReachesTheCaller(int status)
    {
        // Every upload is refused with a short Retry-After: a retry would be quick and visible as a second arrival.
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.Headers.RetryAfter = "0";
            await context.Response.WriteAsync(Refused);
        });
        await using var provider = Services(server.BaseAddress);
        var client = provider.GetRequiredService<IComfyCloudClient>();
        var uploads = Enumerable.Range(1, 5).Select(i => Enumerable.Repeat((byte)i, 1000 * i).ToArray()).ToArray();

        var failures = await Task.WhenAll(uploads.Select((bytes, i) =>
            Record.ExceptionAsync(() => client.PostUserdataFileAsync($"upload-{i}.bin", new NonSeekableStream(bytes)))));
        await Task.Delay(200); // a retry, if one were (wrongly) scheduled, would arrive by now

        // The caller hears about every refusal ...
        Assert.All(failures, failure =>
        {
            var api = Assert.IsType<ApiException>(failure);
            Assert.Equal(status, api.StatusCode);
            Assert.Contains("POST /api/userdata/{file}", api.Message);
        });

        // ... and the server saw every upload exactly once, whole.
        Assert.Equal(uploads.Length, server.Requests.Count);
        for (var i = 0; i < uploads.Length; i++)
        {
            var seen = Assert.Single(server.Requests, request => request.RawTarget == $"/api/userdata/upload-{i}.bin");
            Assert.Equal(uploads[i], seen.Body);
        }
    }

    [Fact]
    public async Task ANonReplayableUploadThatSucceedsIsSentOnce()
    {
        const string full = """{"path":"a.bin","size":3,"modified":"2026-01-01T00:00:00Z"}""";
        await using var server = await LoopbackServer.StartAsync(200, "application/json", full);
        await using var provider = Services(server.BaseAddress);

        await provider.GetRequiredService<IComfyCloudClient>().PostUserdataFileAsync("a.bin", new NonSeekableStream(new byte[] { 1, 2, 3 }), fullInfo: PostUserdataFileFullInfo.True);

        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(server.Requests).Body);
    }
}
