using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// Which method and body a redirect keeps (as browsers and .NET do), that a body which cannot be replayed is never
/// sent twice, and that header parameters stay on the base address's origin.
/// </summary>
public sealed class RedirectRuleTests
{
    private static readonly ApiAuthScheme[] NoAuth = Array.Empty<ApiAuthScheme>();

    /// <summary>Answers <paramref name="status"/> to /first (Location /second), 200 "done" to everything else.</summary>
    private static Task<LoopbackServer> Redirecting(int status, Func<Uri>? target = null) =>
        LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/first")
            {
                context.Response.StatusCode = status;
                context.Response.Headers.Location = target?.Invoke().AbsoluteUri ?? "/second";
                return;
            }

            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("done");
        });

    private static ApiClientCore Core(LoopbackServer server) => new(null, new ApiClientOptions { BaseAddress = server.BaseAddress }, null);

    private static ApiRequest WithBody(string method, HttpContent content, bool replayable) =>
        new ApiRequest(method, "/first").SetContent(content, replayable);

    [Theory]
    [InlineData("PUT", 301)]
    [InlineData("PATCH", 302)]
    [InlineData("DELETE", 301)]
    [InlineData("POST", 307)]
    [InlineData("PUT", 308)]
    public async Task ARedirectThatKeepsANonSeekableBodyIsAnApiExceptionAndTheBodyIsSentOnce(string method, int status)
    {
        await using var server = await Redirecting(status);
        using var core = Core(server);
        var request = WithBody(method, new StreamContent(new NonSeekableStream(new byte[] { 1, 2, 3 })), replayable: false);

        var exception = await Assert.ThrowsAsync<ApiException>(() => core.SendForTextAsync(request, NoAuth, null, CancellationToken.None));

        Assert.Equal(status, exception.StatusCode);
        Assert.Contains("cannot be sent twice", exception.Message);
        var only = Assert.Single(server.Requests);
        Assert.Equal(method, only.Method);
        Assert.Equal(new byte[] { 1, 2, 3 }, only.Body);
    }

    [Theory]
    [InlineData("PUT", 301)]
    [InlineData("PATCH", 302)]
    public async Task ACallersSeekableStreamIsNotUploadedTwiceEither(string method, int status)
    {
        await using var server = await Redirecting(status);
        using var core = Core(server);
        var request = WithBody(method, ApiContent.Stream(new MemoryStream(new byte[] { 4, 5, 6 }), "application/octet-stream"), replayable: false);

        var exception = await Assert.ThrowsAsync<ApiException>(() => core.SendForTextAsync(request, NoAuth, null, CancellationToken.None));

        Assert.Contains("cannot be sent twice", exception.Message);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("PUT", 301)]
    [InlineData("PATCH", 302)]
    [InlineData("DELETE", 302)]
    [InlineData("POST", 307)]
    [InlineData("POST", 308)]
    public async Task ARedirectKeepsMethodAndAReplayableBody(string method, int status)
    {
        await using var server = await Redirecting(status);
        using var core = Core(server);
        var request = WithBody(method, new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"), replayable: true);

        Assert.Equal("done", await core.SendForTextAsync(request, NoAuth, null, CancellationToken.None));

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(new[] { method, method }, requests.Select(r => r.Method));
        Assert.Equal("/second", requests[1].RawTarget);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(requests[1].Body));
        Assert.Equal("application/json; charset=utf-8", requests[1].Headers["Content-Type"]);
    }

    [Theory]
    [InlineData("POST", 301, "GET")]
    [InlineData("POST", 302, "GET")]
    [InlineData("POST", 303, "GET")]
    [InlineData("PUT", 303, "GET")]
    [InlineData("DELETE", 303, "GET")]
    public async Task ARedirectToGetDropsTheBody(string method, int status, string then)
    {
        await using var server = await Redirecting(status);
        using var core = Core(server);
        // Not replayable, and not needed: a redirect that drops the body never fails for it.
        var request = WithBody(method, new StreamContent(new NonSeekableStream(new byte[] { 7, 8 })), replayable: false);

        Assert.Equal("done", await core.SendForTextAsync(request, NoAuth, null, CancellationToken.None));

        var second = server.Requests[1];
        Assert.Equal(then, second.Method);
        Assert.Empty(second.Body);
        Assert.False(second.Headers.ContainsKey("Content-Type"));
    }

    [Fact]
    public async Task HeadAnswered303StaysHead()
    {
        await using var server = await Redirecting(303);
        using var core = Core(server);

        Assert.True(await core.SendForExistsAsync(new ApiRequest("HEAD", "/first"), NoAuth, null, CancellationToken.None));

        Assert.Equal(new[] { "HEAD", "HEAD" }, server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task HeaderParametersAndCookiesStayOnTheBaseAddresssOrigin()
    {
        await using var other = await LoopbackServer.StartAsync(200, "text/plain", "done");
        await using var origin = await Redirecting(302, () => new Uri(other.BaseAddress, "elsewhere"));
        using var core = Core(origin);
        var request = new ApiRequest("GET", "/first").AddHeader("X-Tenant", "tenant-42").AddHeader("Cookie", "pref=tenant-42").AddHeader("Accept", "text/plain");

        Assert.Equal("done", await core.SendForTextAsync(request, NoAuth, null, CancellationToken.None));

        var first = Assert.Single(origin.Requests);
        Assert.Equal("tenant-42", first.Headers["X-Tenant"]);
        Assert.Equal("pref=tenant-42", first.Headers["Cookie"]);
        var followed = Assert.Single(other.Requests);
        Assert.False(followed.Headers.ContainsKey("X-Tenant"));
        Assert.False(followed.Headers.ContainsKey("Cookie"));
        Assert.DoesNotContain("tenant-42", string.Join("\n", followed.Headers.Values));
        // Accept says what the caller can read; it describes no one and goes along.
        Assert.Equal("text/plain", followed.Headers["Accept"]);
    }

    [Fact]
    public async Task HeaderParametersFollowASameOriginRedirect()
    {
        await using var server = await Redirecting(302);
        using var core = Core(server);

        await core.SendForTextAsync(new ApiRequest("GET", "/first").AddHeader("X-Tenant", "tenant-42"), NoAuth, null, CancellationToken.None);

        Assert.All(server.Requests, request => Assert.Equal("tenant-42", request.Headers["X-Tenant"]));
    }

    [Fact]
    public async Task HeaderParametersStayHomeWithACallersHttpClientThatFollowsRedirects()
    {
        await using var other = await LoopbackServer.StartAsync(200, "text/plain", "done");
        await using var origin = await Redirecting(302, () => new Uri(other.BaseAddress, "elsewhere"));
        using var http = new HttpClient();
        using var core = new ApiClientCore(http, new ApiClientOptions { BaseAddress = origin.BaseAddress }, null);

        Assert.Equal("done", await core.SendForTextAsync(new ApiRequest("GET", "/first").AddHeader("X-Tenant", "tenant-42"), NoAuth, null, CancellationToken.None));

        Assert.False(Assert.Single(other.Requests).Headers.ContainsKey("X-Tenant"));
    }
}
