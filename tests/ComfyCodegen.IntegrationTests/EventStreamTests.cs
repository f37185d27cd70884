using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Comfy.V2;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>Server-Sent Events (Comfy API v2 job events) over a real loopback server.</summary>
public sealed class EventStreamTests
{
    private static ComfyApiV2Client Client(LoopbackServer server) =>
        new(new ApiClientOptions { BaseAddress = server.BaseAddress, BearerToken = "token", EventStreamReconnectDelay = TimeSpan.FromMilliseconds(10) });

    private static async Task Send(HttpContext context, string frame)
    {
        await context.Response.WriteAsync(frame);
        await context.Response.Body.FlushAsync();
    }

    [Fact]
    public async Task TheFirstEventArrivesBeforeTheServerHasFinishedWriting()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverFinished = false;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await Send(context, "event: status\ndata: {\"status\":\"running\",\"queue_position\":null}\n\n");
            // The rest is written only once the client has the first event in hand.
            await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Send(context, "event: progress\ndata: {\"value\":0.5,\"nodes_done\":1,\"nodes_total\":2}\n\n");
            await Send(context, "event: heartbeat\ndata: {\"at\":1}\n\n");
            await Send(context, "event: status\ndata: {\"status\":\"succeeded\",\"queue_position\":null}\n\n");
            serverFinished = true;
        });
        using var client = Client(server);

        var events = new List<GetJobEventsEvent>();
        await foreach (var item in client.GetJobEventsAsync("job-1"))
        {
            if (events.Count == 0)
            {
                Assert.False(serverFinished);
                firstSeen.SetResult();
            }

            events.Add(item);
        }

        Assert.Equal(new[] { "status", "progress", "heartbeat", "status" }, events.ConvertAll(e => e.EventType));
        Assert.Equal("running", events[0].Status!.Status.Value);
        Assert.Equal(0.5, events[1].Progress!.Value);
        Assert.Equal(2, events[1].Progress!.NodesTotal);
        Assert.Equal(1, events[2].Json!.Value.GetProperty("at").GetInt32());
        Assert.Equal(JobStatus.Succeeded, events[3].Status!.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v2/jobs/job-1/events", request.RawTarget);
        Assert.Equal("Bearer token", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task ADroppedStreamResumesWithLastEventId()
    {
        var attempt = 0;
        var secondSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            if (Interlocked.Increment(ref attempt) == 1)
            {
                await Send(context, "id: 1\nevent: status\ndata: {\"status\":\"queued\",\"queue_position\":3}\n\n");
                await Send(context, "id: 2\nevent: status\ndata: {\"status\":\"running\",\"queue_position\":null}\n\n");
                // Drop the connection mid-stream, once the client has what was sent.
                await secondSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
                context.Abort();
                return;
            }

            await Send(context, "id: 3\nevent: status\ndata: {\"status\":\"succeeded\",\"queue_position\":null}\n\n");
        });
        using var client = Client(server);

        var ids = new List<string?>();
        await foreach (var item in client.GetJobEventsAsync("job-2"))
        {
            ids.Add(item.Id);
            if (item.Id == "2")
            {
                secondSeen.SetResult();
            }
        }

        Assert.Equal(new[] { "1", "2", "3" }, ids);
        Assert.Equal(2, server.Requests.Count);
        Assert.False(server.Requests[0].Headers.ContainsKey("Last-Event-ID"));
        Assert.Equal("2", server.Requests[1].Headers["Last-Event-ID"]);
    }

    [Fact]
    public async Task CancellationEndsTheStream()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await Send(context, "event: status\ndata: {\"status\":\"running\",\"queue_position\":null}\n\n");
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        using var client = Client(server);
        using var cancellation = new CancellationTokenSource();

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in client.GetJobEventsAsync("job-3", cancellation.Token))
            {
                received++;
                cancellation.CancelAfter(TimeSpan.FromMilliseconds(50));
            }
        });

        Assert.Equal(1, received);
    }

    [Fact]
    public async Task ANamedEventWhoseDataBreaksItsSchemaIsAnApiException()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await Send(context, "event: progress\ndata: {\"value\":\"half\"}\n\n");
        });
        using var client = Client(server);

        var exception = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            await foreach (var item in client.GetJobEventsAsync("job-4"))
            {
            }
        });

        Assert.Contains("'progress' event does not match", exception.Message);
        Assert.Equal("{\"value\":\"half\"}", exception.Body);
    }
}
