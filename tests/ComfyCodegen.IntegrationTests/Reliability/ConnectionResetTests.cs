using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;
using Xunit.Abstractions;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// The server drops the connection in the middle of an answer: the call fails with a clear exception naming the
/// request, and the next call on the same client works.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ConnectionResetTests(ITestOutputHelper output)
{
    public enum DropPoint
    {
        /// <summary>Status line and headers are out (Content-Length promises a body); nothing else.</summary>
        AfterHeaders,

        /// <summary>Headers and a third of the body are out.</summary>
        MidBody,
    }

    /// <summary>The first request is dropped at <paramref name="drop"/>; every later one is answered properly.</summary>
    private static Func<HttpContext, Task> DropFirst(DropPoint? drop)
    {
        var calls = 0;
        var body = Bodies.Utf8(Bodies.Tags);
        return async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            if (Interlocked.Increment(ref calls) > 1)
            {
                await context.Response.Body.WriteAsync(body);
                return;
            }

            if (drop is { } point)
            {
                await context.Response.StartAsync();
                if (point == DropPoint.MidBody)
                {
                    await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 3));
                }

                await context.Response.Body.FlushAsync();

                // Let what was sent reach the client before the connection goes, so the drop is mid-response.
                await Task.Delay(100);
            }

            context.Abort();
        };
    }

    [Theory]
    [InlineData(DropPoint.AfterHeaders)]
    [InlineData(DropPoint.MidBody)]
    public async Task ADropMidResponseIsAnApiExceptionNamingTheRequestAndTheNextCallWorks(DropPoint drop)
    {
        await using var server = await LoopbackServer.StartAsync(DropFirst(drop));
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());
        output.WriteLine($"{drop}: {exception?.GetType().FullName}: {exception?.Message} (inner {exception?.InnerException?.GetType().FullName}: {exception?.InnerException?.Message})");

        var api = Assert.IsType<ApiException>(exception);
        Assert.Equal(200, api.StatusCode);
        Assert.StartsWith("GET /api/tags answered 200", api.Message);
        Assert.Contains("the response body could not be read", api.Message);
        Assert.True(api.InnerException is IOException or HttpRequestException, api.InnerException?.GetType().FullName);

        var page = await client.ListTagsAsync();
        Assert.Equal("input", Assert.Single(page.Tags).Name);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ADropBeforeAnyResponseIsAnHttpRequestExceptionAndTheNextCallWorks()
    {
        // No status ever came back, so there is nothing for an ApiException to carry: the platform's
        // HttpRequestException reaches the caller unchanged (and is what retry pipelines recognise as transient).
        await using var server = await LoopbackServer.StartAsync(DropFirst(null));
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());
        output.WriteLine($"before headers: {exception?.GetType().FullName}: {exception?.Message} (inner {exception?.InnerException?.GetType().FullName}: {exception?.InnerException?.Message})");

        Assert.IsType<HttpRequestException>(exception);

        var page = await client.ListTagsAsync();
        Assert.Equal(1, page.Total);
    }
}
