using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;
using Xunit.Abstractions;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>10,000 calls, 64 in flight, one client: no errors and no more connections than calls in flight.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TenThousandCallsWith64InFlightThroughOneClient()
    {
        const int calls = 10_000;
        const int inFlight = 64;
        var body = Bodies.Utf8(Bodies.Tags);
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        var port = server.BaseAddress.Port;
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = "load-key" });
        await client.ListTagsAsync(); // warm-up: JIT and the first connection, outside the figures

        var latencies = new double[calls];
        var errors = 0;
        string? firstError = null;
        var maxClientSide = 0;
        var maxServerSide = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var (clientSide, serverSide) = TcpConnections.CountEstablished(port);
                maxClientSide = Math.Max(maxClientSide, clientSide);
                maxServerSide = Math.Max(maxServerSide, serverSide);
                await Task.Delay(25);
            }
        });

        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, _) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var page = await client.ListTagsAsync();
                if (page.Total != 1)
                {
                    throw new InvalidOperationException($"call {i} read total {page.Total}");
                }
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, exception.ToString(), null);
            }

            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        total.Stop();
        sampling.Cancel();
        await sampler;
        var (afterClient, afterServer) = TcpConnections.CountEstablished(port);

        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(calls - 1, (int)Math.Ceiling(p * calls) - 1)];
        output.WriteLine(
            $"{calls} calls, {inFlight} in flight, one client: {total.Elapsed.TotalSeconds:0.00} s, {calls / total.Elapsed.TotalSeconds:0} calls/s; " +
            $"latency p50 {Percentile(0.50):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {latencies[^1]:0.00} ms; errors {errors}; " +
            $"established connections at most {maxClientSide} client-side / {maxServerSide} server-side during the run, {afterClient} / {afterServer} after");

        Assert.True(errors == 0, $"{errors} calls failed; the first: {firstError}");
        Assert.Equal(calls + 1, server.Requests.Count);
        Assert.True(maxClientSide <= inFlight + 4, $"{maxClientSide} client connections for {inFlight} calls in flight");
        Assert.True(maxServerSide <= inFlight + 4, $"{maxServerSide} server connections for {inFlight} calls in flight");
        Assert.True(afterClient <= inFlight + 4, $"{afterClient} client connections left after the run");
    }
}
