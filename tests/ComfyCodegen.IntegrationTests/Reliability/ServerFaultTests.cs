using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;
using Xunit.Abstractions;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// Broken answers from a real server on 127.0.0.1: every one ends the call with an <see cref="ApiException"/> that
/// carries the status and says what went wrong — never a NullReferenceException, an unwrapped JsonException or an
/// unbounded allocation.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ServerFaultTests(ITestOutputHelper output)
{
    private static ComfyCloudClient Client(Uri baseAddress, long? maxResponseContentBytes = null)
    {
        var options = new ApiClientOptions { BaseAddress = baseAddress, ApiKey = "fault-key" };
        if (maxResponseContentBytes is { } max)
        {
            options.MaxResponseContentBytes = max;
        }

        return new ComfyCloudClient(options);
    }

    /// <summary>Exactly ApiException (not a typed error, not anything else), naming the request, the status and the problem.</summary>
    private static ApiException AssertApiException(Exception? exception, int status, string problem, string request = "GET /api/tags")
    {
        Assert.NotNull(exception);
        var api = Assert.IsType<ApiException>(exception);
        Assert.Equal(status, api.StatusCode);
        Assert.StartsWith($"{request} answered {status}", api.Message);
        Assert.Contains(problem, api.Message);
        return api;
    }

    [Theory]
    [InlineData("""{"tags":[{"name":"input","count":1}],"total":1,"has_more":fals}""")]
    [InlineData("""{"tags":[{"name":"input",""")]
    [InlineData("""{"tags":[{"name":"input","count":1}],"total":1,"has_more":false}}""")]
    [InlineData("not json at all")]
    [InlineData("""{"tags":{"name":"input"},"total":1,"has_more":false}""")]
    [InlineData("""{"tags":[{"name":"input","count":"one"}],"total":1,"has_more":false}""")]
    [InlineData("""{"tags":[{"name":"input","count":1}],"has_more":false}""")]
    [InlineData("null")]
    public async Task MalformedJsonIsAnApiException(string body)
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", body);
        using var client = Client(server.BaseAddress);

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());

        var api = AssertApiException(exception, 200, "the body does not match the spec");
        Assert.Equal(body, api.Body);
        Assert.NotNull(api.InnerException);
        Assert.True(ApiJson.IsContentFailure(api.InnerException!), api.InnerException!.GetType().FullName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public async Task ABodyCutOffMidStreamIsAnApiException(int sentBytes)
    {
        // Content-Length promises the whole body; the server sends part of it and drops the connection.
        var body = Bodies.Utf8(Bodies.Tags);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.StartAsync();
            await context.Response.Body.WriteAsync(body.AsMemory(0, sentBytes));
            await context.Response.Body.FlushAsync();
            await Task.Delay(100);
            context.Abort();
        });
        using var client = Client(server.BaseAddress);

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());

        var api = AssertApiException(exception, 200, "the response body could not be read");
        Assert.True(api.InnerException is IOException or HttpRequestException, api.InnerException?.GetType().FullName);
    }

    [Fact]
    public async Task AContentLengthLargerThanTheBodyIsAnApiException()
    {
        var body = Bodies.Utf8(Bodies.Tags);
        await using var server = RawHttpServer.Start(async (_, stream) =>
        {
            await stream.WriteAsync(RawHttpServer.Response("200 OK", new[] { "Content-Type: application/json", $"Content-Length: {body.Length + 100}" }, body));
            return false; // closes: the promised 100 bytes never come
        });
        using var client = Client(server.BaseAddress);

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());

        var api = AssertApiException(exception, 200, "the response body could not be read");
        Assert.True(api.InnerException is IOException or HttpRequestException, api.InnerException?.GetType().FullName);
    }

    [Fact]
    public async Task AContentLengthSmallerThanTheBodyIsAnApiExceptionAndTheExtraBytesPoisonNothing()
    {
        var body = Bodies.Utf8(Bodies.Tags);
        await using var server = RawHttpServer.Start(async (number, stream) =>
        {
            if (number == 1)
            {
                // Declares 20 bytes, sends the whole body, and keeps the connection open: the rest is garbage in the pipe.
                await stream.WriteAsync(RawHttpServer.Response("200 OK", new[] { "Content-Type: application/json", "Content-Length: 20" }, body));
                return true;
            }

            await stream.WriteAsync(RawHttpServer.Response("200 OK", new[] { "Content-Type: application/json", $"Content-Length: {body.Length}" }, body));
            return true;
        });
        using var client = Client(server.BaseAddress);

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());

        var api = AssertApiException(exception, 200, "the body does not match the spec");
        Assert.Equal(Bodies.Tags[..20], api.Body);

        // The leftover bytes must not be read as the next response.
        var page = await client.ListTagsAsync();
        Assert.Equal("input", page.Tags.Single().Name);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>…</form></body></html>")]
    [InlineData("""{"tags":[{"name":"input","count":1}],"total":1,"has_more":false}""")]
    public async Task AnHtmlAnswerToAJsonOperationIsAnApiException(string body)
    {
        // A captive portal, a login page or a misrouted proxy answers 200 text/html: whatever it looks like, it is
        // not the JSON the spec declares.
        await using var server = await LoopbackServer.StartAsync(200, "text/html; charset=utf-8", body);
        using var client = Client(server.BaseAddress);

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());

        var api = AssertApiException(exception, 200, "the body does not match the spec: The body is text/html, not JSON");
        Assert.Equal(body, api.Body);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task AnHtmlErrorPageIsAPlainApiExceptionWithTheStatus(int status)
    {
        var page = $"<html><head><title>{status} Bad Gateway</title></head><body><center><h1>{status}</h1></center><hr><center>nginx</center></body></html>";
        await using var server = await LoopbackServer.StartAsync(status, "text/html", page);
        using var client = Client(server.BaseAddress);

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());

        // 500 has an ErrorResponse schema in the spec, but an HTML page is not it: a plain ApiException, body kept.
        var api = AssertApiException(exception, status, "Body: <html>");
        Assert.Equal(page, api.Body);
        Assert.Null(api.Error);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task AnEmptyBodyWhereJsonIsExpectedIsAnApiException(string? contentType)
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 200;
            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }

            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        });
        using var client = Client(server.BaseAddress);

        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());

        // The reader's own words: "The input does not contain any JSON tokens ...".
        var api = AssertApiException(exception, 200, "the body does not match the spec: The input does not contain any JSON tokens");
        Assert.Null(api.Body);
        Assert.IsAssignableFrom<JsonException>(api.InnerException);
    }

    /// <summary>
    /// A raw server streaming a 100 MB JSON body, chunked or with its Content-Length; counts the bytes the socket took
    /// (unlike Kestrel, whose writes become no-ops once the client hangs up, a raw socket write then fails).
    /// </summary>
    private static RawHttpServer HugeBodyServer(bool chunked, Action<long> progress)
    {
        const long hundredMegabytes = 100L * 1000 * 1000;
        var opening = Bodies.Utf8("""{"tags":[""");
        var element = Bodies.Utf8(string.Concat(Enumerable.Repeat("""{"name":"padding-padding-padding","count":1},""", 1400)));
        return RawHttpServer.Start(async (_, stream) =>
        {
            var headers = chunked
                ? new[] { "Content-Type: application/json", "Transfer-Encoding: chunked" }
                : new[] { "Content-Type: application/json", $"Content-Length: {hundredMegabytes}" };
            var frame = chunked ? Bodies.Utf8($"{element.Length:x}\r\n").Concat(element).Concat(Bodies.Utf8("\r\n")).ToArray() : element;
            long served = 0;
            try
            {
                await stream.WriteAsync(RawHttpServer.Response("200 OK", headers, chunked ? Bodies.Utf8($"{opening.Length:x}\r\n").Concat(opening).Concat(Bodies.Utf8("\r\n")).ToArray() : opening));
                served = opening.Length;
                while (served < hundredMegabytes)
                {
                    await stream.WriteAsync(frame);
                    served += element.Length;
                    progress(served);
                }
            }
            catch (IOException)
            {
                // The client hung up.
            }

            return false;
        });
    }

    [Fact]
    public async Task A100MBStreamedBodyFailsAtTheLimitWithoutBeingHeld()
    {
        long served = 0;
        await using var server = HugeBodyServer(chunked: true, bytes => Volatile.Write(ref served, bytes));
        using var client = Client(server.BaseAddress);
        var limit = new ApiClientOptions().MaxResponseContentBytes;
        Assert.Equal(64L * 1024 * 1024, limit);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        await Task.Delay(200);
        output.WriteLine($"100 MB chunked body against a {limit} byte limit: the socket took {Volatile.Read(ref served) / (1024.0 * 1024):0.0} MiB (client reads + kernel buffers) before the client hung up; the process allocated {allocated / (1024.0 * 1024):0.0} MiB");

        // Chunked: the client cannot know the size up front and must stop reading at its limit itself.
        var api = AssertApiException(exception, 200, $"larger than the {limit} bytes allowed (ApiClientOptions.MaxResponseContentBytes)");
        Assert.Null(api.Body);
        Assert.True(allocated < 80L * 1024 * 1024, $"reading a body over the 64 MiB limit allocated {allocated / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task ASmallerLimitBoundsAllocationProportionally()
    {
        const long limit = 4L * 1024 * 1024;
        await using var server = HugeBodyServer(chunked: true, _ => { });
        using var client = Client(server.BaseAddress, limit);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"100 MB chunked body against a 4 MiB limit: the process allocated {allocated / (1024.0 * 1024):0.0} MiB");

        AssertApiException(exception, 200, $"larger than the {limit} bytes allowed");
        Assert.True(allocated < limit * 80 / 64, $"reading a body over the 4 MiB limit allocated {allocated / 1024} KiB");
    }

    [Fact]
    public async Task A100MBDeclaredBodyFailsBeforeReadingIt()
    {
        long served = 0;
        await using var server = HugeBodyServer(chunked: false, bytes => Volatile.Write(ref served, bytes));
        using var client = Client(server.BaseAddress);

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var exception = await Record.ExceptionAsync(() => client.ListTagsAsync());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        await Task.Delay(200);
        output.WriteLine($"Content-Length: 100000000 against the 64 MiB limit: the socket took {Volatile.Read(ref served) / (1024.0 * 1024):0.0} MiB; the process allocated {allocated / (1024.0 * 1024):0.0} MiB");

        AssertApiException(exception, 200, "larger than the 67108864 bytes allowed");
        Assert.True(allocated < 16L * 1024 * 1024, $"a declared 100 MB body allocated {allocated / (1024 * 1024)} MiB before failing");

        // The client hung up instead of draining the body to reuse the connection.
        Assert.True(Volatile.Read(ref served) < 50L * 1000 * 1000, $"the server got {Volatile.Read(ref served)} bytes out: the client did not hang up");
    }

    [Theory]
    [InlineData('[', ']', "")]
    [InlineData('{', '}', "\"a\":")]
    public async Task JsonNested10000DeepIsAnApiException(char open, char close, string key)
    {
        var body = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            body.Append(open).Append(key);
        }

        body.Append(open == '{' ? "1" : string.Empty);
        body.Append(close, 10_000);
        await using var server = await LoopbackServer.StartAsync(200, "application/json", body.ToString());
        using var client = Client(server.BaseAddress);

        // GetWorkflowTemplatesAsync returns arbitrary JSON (a JsonElement): the deepest a spec lets a body go.
        var exception = await Record.ExceptionAsync(() => client.GetWorkflowTemplatesAsync());

        var api = AssertApiException(exception, 200, "the body does not match the spec", "GET /api/workflow_templates");
        Assert.IsAssignableFrom<JsonException>(api.InnerException);
        Assert.Contains("depth", api.Message);
    }
}
