using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using Xunit;
using Xunit.Abstractions;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// A server that never finishes: the caller's token, HttpClient.Timeout and the resilience pipeline's attempt timeout
/// each end the call within 200 ms of the moment they fire, and cancelled calls leave no connection behind.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SlowServerTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>How late a call may end after its cancellation or deadline: a behavioural bound, not a benchmark.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(200);

    /// <summary>Ends every stalled handler when the test ends, so servers stop promptly.</summary>
    private readonly CancellationTokenSource _serverStop = new();

    public void Dispose()
    {
        _serverStop.Cancel();
        _serverStop.Dispose();
    }

    public enum Stall
    {
        /// <summary>The request arrives; no status line ever comes back.</summary>
        BeforeHeaders,

        /// <summary>Status, headers and part of the body come back; the rest never does.</summary>
        MidBody,
    }

    private const string WarmUp = "warm-up";

    /// <summary>
    /// A handler that stalls as <paramref name="stall"/> says and completes <paramref name="received"/> once the stall
    /// begins — except for ListTags with prefix=warm-up, answered at once, so a test can take the client's first-use
    /// cost (JIT, handler and pipeline creation) out of its timing.
    /// </summary>
    private Func<HttpContext, Task> Stalling(Stall stall, TaskCompletionSource? received = null) => async context =>
    {
        if (context.Request.Query["prefix"] == WarmUp)
        {
            await context.Response.WriteAsync(Bodies.Tags);
            return;
        }

        if (stall == Stall.MidBody)
        {
            var body = Bodies.Utf8(Bodies.Tags);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, 10));
            await context.Response.Body.FlushAsync();
        }

        received?.TrySetResult();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _serverStop.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, or the test is over.
        }
    };

    [Theory]
    [InlineData(Stall.BeforeHeaders)]
    [InlineData(Stall.MidBody)]
    public async Task TheCallersTokenEndsTheCallWithin200ms(Stall stall)
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(Stalling(stall, received));
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress });
        using var cts = new CancellationTokenSource();

        var call = client.ListTagsAsync(cancellationToken: cts.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        if (stall == Stall.MidBody)
        {
            // Let the headers reach the client, so the cancellation lands while the body is being read.
            await Task.Delay(100);
        }

        var stopwatch = Stopwatch.StartNew();
        cts.Cancel();
        var exception = await Record.ExceptionAsync(() => call);
        stopwatch.Stop();
        output.WriteLine($"{stall}: ended {stopwatch.Elapsed.TotalMilliseconds:0.0} ms after Cancel() with {exception?.GetType().FullName}");

        // Precisely TaskCanceledException carrying the caller's token — not an ApiException, not an IOException.
        var canceled = Assert.IsType<TaskCanceledException>(exception);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.True(stopwatch.Elapsed < Slack, $"the call ended {stopwatch.Elapsed.TotalMilliseconds:0} ms after cancellation");
    }

    [Theory]
    [InlineData(Stall.BeforeHeaders)]
    [InlineData(Stall.MidBody)]
    public async Task HttpClientTimeoutEndsTheCallWithin200msOfTheDeadline(Stall stall)
    {
        var timeout = TimeSpan.FromMilliseconds(600);
        await using var server = await LoopbackServer.StartAsync(Stalling(stall));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = timeout };
        using var client = new ComfyCloudClient(http, new ApiClientOptions { BaseAddress = server.BaseAddress });
        await client.ListTagsAsync(prefix: WarmUp);

        // A safety net only: without it a client that ignored the timeout would hang the test.
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var stopwatch = Stopwatch.StartNew();
        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync(cancellationToken: safety.Token));
        stopwatch.Stop();
        output.WriteLine($"{stall}: HttpClient.Timeout {timeout.TotalMilliseconds} ms; the call ended after {stopwatch.Elapsed.TotalMilliseconds:0.0} ms with {exception?.GetType().FullName}: {exception?.Message}");

        // What HttpClient itself throws on its timeout: TaskCanceledException with a TimeoutException inside.
        var canceled = Assert.IsType<TaskCanceledException>(exception);
        Assert.IsType<TimeoutException>(canceled.InnerException);
        Assert.False(safety.IsCancellationRequested, "the call ran until the test's safety net, not the HttpClient's timeout");
        Assert.InRange(stopwatch.Elapsed, timeout - TimeSpan.FromMilliseconds(50), timeout + Slack);
    }

    private ServiceProvider ResilientServices(Uri baseAddress, TimeSpan attemptTimeout, int retries) =>
        new ServiceCollection()
            .AddComfyCloudClient(
                options =>
                {
                    options.BaseAddress = baseAddress;
                    options.ApiKey = "slow-key";
                },
                resilience =>
                {
                    resilience.AttemptTimeout.Timeout = attemptTimeout;
                    resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
                    resilience.Retry.MaxRetryAttempts = retries;
                    resilience.Retry.Delay = TimeSpan.FromMilliseconds(10);
                    resilience.Retry.BackoffType = DelayBackoffType.Constant;
                    resilience.Retry.UseJitter = false;
                })
            .Services
            .BuildServiceProvider();

    [Fact]
    public async Task TheResilienceAttemptTimeoutEndsANonIdempotentCallWithin200msWithoutARetry()
    {
        var attemptTimeout = TimeSpan.FromMilliseconds(500);
        await using var server = await LoopbackServer.StartAsync(Stalling(Stall.BeforeHeaders));
        await using var provider = ResilientServices(server.BaseAddress, attemptTimeout, retries: 3);
        var client = provider.GetRequiredService<IComfyCloudClient>();
        await client.ListTagsAsync(prefix: WarmUp);

        var stopwatch = Stopwatch.StartNew();
        var exception = await Record.ExceptionAsync(() => client.ExecutePromptAsync(new PromptRequest { Prompt = JsonDocument.Parse("{}").RootElement }));
        stopwatch.Stop();
        output.WriteLine($"POST, attempt timeout {attemptTimeout.TotalMilliseconds} ms: ended after {stopwatch.Elapsed.TotalMilliseconds:0.0} ms with {exception?.GetType().FullName}");

        // Polly's TimeoutRejectedException comes through as is (HttpClient does not wrap it); a POST that timed out
        // may have been processed, so it is not sent again.
        Assert.IsType<TimeoutRejectedException>(exception);
        Assert.InRange(stopwatch.Elapsed, attemptTimeout - TimeSpan.FromMilliseconds(50), attemptTimeout + Slack);
        await Task.Delay(100);
        Assert.Single(Stalled(server));
    }

    [Fact]
    public async Task TheResilienceAttemptTimeoutRetriesAGetThenEndsWithin200msOfTheLastDeadline()
    {
        var attemptTimeout = TimeSpan.FromMilliseconds(400);
        await using var server = await LoopbackServer.StartAsync(Stalling(Stall.BeforeHeaders));
        await using var provider = ResilientServices(server.BaseAddress, attemptTimeout, retries: 1);
        var client = provider.GetRequiredService<IComfyCloudClient>();
        await client.ListTagsAsync(prefix: WarmUp);

        var stopwatch = Stopwatch.StartNew();
        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());
        stopwatch.Stop();
        var deadline = attemptTimeout * 2 + TimeSpan.FromMilliseconds(10);
        output.WriteLine($"GET, 2 attempts of {attemptTimeout.TotalMilliseconds} ms: ended after {stopwatch.Elapsed.TotalMilliseconds:0.0} ms (deadline {deadline.TotalMilliseconds} ms) with {exception?.GetType().FullName}");

        Assert.IsType<TimeoutRejectedException>(exception);
        Assert.Equal(2, Stalled(server).Count());
        Assert.InRange(stopwatch.Elapsed, deadline - TimeSpan.FromMilliseconds(50), deadline + Slack);
    }

    [Fact]
    public async Task ABodyStallThroughTheDiClientEndsAtTheHttpClientTimeout()
    {
        // The pipeline's attempt timeout covers an attempt until its headers arrive (the client reads bodies after
        // the pipeline returned, ResponseHeadersRead): a body that stalls is ended by the typed HttpClient's Timeout.
        var attemptTimeout = TimeSpan.FromMilliseconds(300);
        var httpTimeout = TimeSpan.FromMilliseconds(800);
        await using var server = await LoopbackServer.StartAsync(Stalling(Stall.MidBody));
        var services = new ServiceCollection();
        services.AddComfyCloudClient(
                options => options.BaseAddress = server.BaseAddress,
                resilience =>
                {
                    resilience.AttemptTimeout.Timeout = attemptTimeout;
                    resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
                })
            .ConfigureHttpClient(http => http.Timeout = httpTimeout);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IComfyCloudClient>();
        await client.ListTagsAsync(prefix: WarmUp);
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var stopwatch = Stopwatch.StartNew();
        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync(cancellationToken: safety.Token));
        stopwatch.Stop();
        output.WriteLine($"DI client, body stall: attempt timeout {attemptTimeout.TotalMilliseconds} ms, HttpClient.Timeout {httpTimeout.TotalMilliseconds} ms; ended after {stopwatch.Elapsed.TotalMilliseconds:0.0} ms with {exception?.GetType().FullName}: {exception?.Message}");

        var canceled = Assert.IsType<TaskCanceledException>(exception);
        Assert.IsType<TimeoutException>(canceled.InnerException);
        Assert.False(safety.IsCancellationRequested, "the call ran until the test's safety net");
        Assert.InRange(stopwatch.Elapsed, httpTimeout - TimeSpan.FromMilliseconds(50), httpTimeout + Slack);
        Assert.Single(Stalled(server));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AThousandCancelledCallsLeakNoConnection(bool shortIdleTimeout)
    {
        const int calls = 1000;
        const int Parallelism = 32;
        await using var server = await LoopbackServer.StartAsync(Stalling(Stall.BeforeHeaders));
        var port = server.BaseAddress.Port;

        // One client: its own HttpClient as users create it, or one whose pool drops idle connections after 0.5 s.
        // A connection attempt that outlives its cancelled request goes into the pool, idle (SocketsHttpHandler
        // since .NET 6): that is pooling, not a leak. The pool never holds more connections than requests were in
        // flight at once (Parallelism), so the default client may keep up to that many; a leak of one connection
        // per cancelled call would leave hundreds. With the short idle timeout every pooled one is gone within a
        // second or two, and only a leaked one could remain.
        using var http = shortIdleTimeout ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(500) }) : null;
        using var client = http is null
            ? new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress })
            : new ComfyCloudClient(http, new ApiClientOptions { BaseAddress = server.BaseAddress });
        var outcomes = new ConcurrentDictionary<string, int>();
        var maxDuring = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                InterlockedMax(ref maxDuring, TcpConnections.Total(port));
                await Task.Delay(20);
            }
        });

        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            // Cancellation lands at every stage: before connecting, while connecting, after the request went out.
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(1 + (i % 30)));
            var exception = await Record.ExceptionAsync(() => client.ListTagsAsync(cancellationToken: cts.Token));
            outcomes.AddOrUpdate(exception?.GetType().Name ?? "none", 1, (_, n) => n + 1);
        });
        stopwatch.Stop();
        sampling.Cancel();
        await sampler;

        var allowed = shortIdleTimeout ? 0 : Parallelism;
        var settled = await TcpConnections.SettleAsync(port, allowed, TimeSpan.FromSeconds(shortIdleTimeout ? 5 : 2));
        var (clientSide, serverSide) = TcpConnections.CountEstablished(port);
        output.WriteLine($"{(shortIdleTimeout ? "0.5 s idle timeout" : "default client")}: {calls} cancelled calls in {stopwatch.Elapsed.TotalSeconds:0.00} s; outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key}={o.Value}"))}; the server saw {server.Requests.Count}; established sockets on port {port}: at most {maxDuring} during (both sides), {clientSide} client-side / {serverSide} server-side after settling");

        Assert.Equal(calls, outcomes.TryGetValue(nameof(TaskCanceledException), out var canceled) ? canceled : 0);
        Assert.True(server.Requests.Count >= 100, $"only {server.Requests.Count} calls reached the server: the test did not cancel in-flight requests");
        Assert.True(clientSide <= allowed, $"{clientSide} client connections remain established after {calls} cancelled calls (at most {allowed} idle pooled ones allowed: one per request in flight)");
        Assert.True(settled <= 2 * allowed, $"{settled} sockets remain established on the server port after {calls} cancelled calls");

        // The client is still usable.
        var page = await client.ListTagsAsync(prefix: WarmUp);
        Assert.Equal(1, page.Total);
    }

    /// <summary>The requests the server stalled on (all but warm-ups).</summary>
    private static IEnumerable<WireRequest> Stalled(LoopbackServer server) => server.Requests.Where(request => !request.RawTarget.Contains("prefix=" + WarmUp, StringComparison.Ordinal));

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
