using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>A dropped event stream is resumed with the request it began with: same method, same replayable body.</summary>
public sealed class EventStreamResumeTests
{
    private static readonly ApiAuthScheme[] NoAuth = Array.Empty<ApiAuthScheme>();

    /// <summary>The first connection sends event 1 and is cut; the next sends event 2 and ends cleanly.</summary>
    private static Task<LoopbackServer> DropsOnce() =>
        LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            if (context.Request.Headers.ContainsKey("Last-Event-ID"))
            {
                await context.Response.WriteAsync("id: 2\ndata: second\n\n");
                return;
            }

            await context.Response.WriteAsync("id: 1\ndata: first\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(100);
            context.Abort();
        });

    private static ApiClientCore Core(LoopbackServer server) =>
        new(null, new ApiClientOptions { BaseAddress = server.BaseAddress, EventStreamReconnectDelay = TimeSpan.FromMilliseconds(10) }, null);

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("QUERY")]
    public async Task AResumedStreamResendsTheSameMethodAndBody(string method)
    {
        await using var server = await DropsOnce();
        using var core = Core(server);
        var request = new ApiRequest(method, "/events").SetContent(new StringContent("{\"job\":\"j-1\"}", Encoding.UTF8, "application/json"), replayable: true);

        var data = new List<string>();
        await foreach (var item in core.StreamEventsAsync(request, NoAuth, null, e => e.Data, CancellationToken.None))
        {
            data.Add(item);
        }

        Assert.Equal(new[] { "first", "second" }, data);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(method, r.Method));
        Assert.All(requests, r => Assert.Equal("{\"job\":\"j-1\"}", Encoding.UTF8.GetString(r.Body)));
        Assert.All(requests, r => Assert.Equal("application/json; charset=utf-8", r.Headers["Content-Type"]));
        Assert.Equal("1", requests[1].Headers["Last-Event-ID"]);
    }

    [Fact]
    public async Task AStreamWhoseBodyCannotBeReplayedIsNotResumedAndSaysWhy()
    {
        await using var server = await DropsOnce();
        using var core = Core(server);
        var request = new ApiRequest("POST", "/events").SetContent(new StreamContent(new NonSeekableStream(new byte[] { 1, 2 })), replayable: false);

        var data = new List<string>();
        var exception = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            await foreach (var item in core.StreamEventsAsync(request, NoAuth, null, e => e.Data, CancellationToken.None))
            {
                data.Add(item);
            }
        });

        Assert.Equal(new[] { "first" }, data);
        Assert.Contains("cannot be resumed", exception.Message);
        Assert.Contains("cannot be sent twice", exception.Message);
        Assert.Single(server.Requests);
    }
}
