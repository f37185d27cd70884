using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// Credentials never reach another origin, whatever HttpClient the client is given: two real loopback servers on two
/// ports, the first answering 302 to the second, for every HttpClient configuration the public constructor accepts.
/// </summary>
public sealed class CredentialOriginTests
{
    private const string Key = "sk-origin-key-5b1e0c7a9d31";
    private const string Token = "bearer-origin-token-8f2d64e1";
    private const string CookieSecret = "cookie-origin-secret-3c9a07";
    private const string Payload = "signed-payload";

    private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };

    /// <summary>One scheme of each kind: header key, bearer, query key, cookie key.</summary>
    private static readonly ApiAuthScheme[] AllKinds =
    {
        new(ApiAuthKind.ApiKeyHeader, "X-API-Key", "HeaderAuth"),
        new(ApiAuthKind.Bearer, null, "BearerAuth"),
        new(ApiAuthKind.ApiKeyQuery, "api_key", "QueryAuth"),
        new(ApiAuthKind.ApiKeyCookie, "session", "CookieAuth"),
    };

    public static TheoryData<string> Configurations => new()
    {
        "new HttpClient()",
        "HttpClientHandler",
        "SocketsHttpHandler AllowAutoRedirect",
        "DelegatingHandler chain",
        "IHttpClientFactory",
    };

    /// <summary>An HttpClient as a caller would build it, and what must be disposed with it.</summary>
    private static (HttpClient Http, IDisposable Owner) Create(string configuration)
    {
        switch (configuration)
        {
            case "new HttpClient()":
            {
                var http = new HttpClient();
                return (http, http);
            }
            case "HttpClientHandler":
            {
                var http = new HttpClient(new HttpClientHandler());
                return (http, http);
            }
            case "SocketsHttpHandler AllowAutoRedirect":
            {
                var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
                return (http, http);
            }
            case "DelegatingHandler chain":
            {
                var http = new HttpClient(new PassThroughHandler { InnerHandler = new PassThroughHandler { InnerHandler = new HttpClientHandler() } });
                return (http, http);
            }
            case "IHttpClientFactory":
            {
                var services = new ServiceCollection();
                services.AddHttpClient("caller").AddHttpMessageHandler(() => new PassThroughHandler());
                var provider = services.BuildServiceProvider();
                return (provider.GetRequiredService<IHttpClientFactory>().CreateClient("caller"), provider);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(configuration));
        }
    }

    private static string Everything(WireRequest request) =>
        request.Method + " " + request.RawTarget + "\n" + string.Join("\n", request.Headers.Select(h => h.Key + ": " + h.Value));

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task NoCredentialOfAnyKindReachesTheOtherOrigin(string configuration)
    {
        await using var other = await LoopbackServer.StartAsync(200, "text/plain", Payload);
        await using var origin = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(other.BaseAddress, "storage/file?sig=abc").AbsoluteUri;
            return Task.CompletedTask;
        });
        Assert.NotEqual(origin.BaseAddress.Port, other.BaseAddress.Port);
        var (http, owner) = Create(configuration);
        using var _ = owner;
        var options = new ApiClientOptions { BaseAddress = origin.BaseAddress, ApiKey = Key, BearerToken = Token, Credentials = { ["CookieAuth"] = CookieSecret } };
        using var core = new ApiClientCore(http, options, null);

        var text = await core.SendForTextAsync(new ApiRequest("GET", "/view"), AllKinds, null, CancellationToken.None);

        // Succeeded safely: the origin saw every credential, the other origin none of them.
        Assert.Equal(Payload, text);
        var sent = Assert.Single(origin.Requests);
        Assert.Equal(Key, sent.Headers["X-API-Key"]);
        Assert.Equal("Bearer " + Token, sent.Headers["Authorization"]);
        Assert.Contains("api_key=" + Key, sent.RawTarget);
        Assert.Contains("session=" + CookieSecret, sent.Headers["Cookie"]);
        var followed = Assert.Single(other.Requests);
        Assert.Equal("/storage/file?sig=abc", followed.RawTarget);
        foreach (var secret in new[] { Key, Token, CookieSecret })
        {
            Assert.DoesNotContain(secret, Everything(followed));
        }

        Assert.False(followed.Headers.ContainsKey("X-API-Key"));
        Assert.False(followed.Headers.ContainsKey("Authorization"));
        Assert.False(followed.Headers.ContainsKey("Cookie"));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task ViewFileFollowsComfyCloudsRedirectWithoutTheKey(string configuration)
    {
        await using var cloud = await FakeComfyCloud.StartAsync(new FakeCloudOptions { ApiKey = Key });
        cloud.State.AddFile("out.png", Png, "image/png");
        cloud.State.ViewMode = ViewResponseMode.CrossOriginRedirect;
        var (http, owner) = Create(configuration);
        using var _ = owner;
        using var client = new ComfyCloudClient(http, new ApiClientOptions { BaseAddress = cloud.BaseAddress, ApiKey = Key });

        using var file = await client.ViewFileAsync("out.png");
        using var copy = new MemoryStream();
        await file.Content.CopyToAsync(copy);

        Assert.Equal(Png, copy.ToArray());
        Assert.Equal(Key, Assert.Single(cloud.Requests).Headers["X-API-Key"]);
        var signed = Assert.Single(cloud.SecondOriginRequests);
        Assert.False(signed.Headers.ContainsKey("X-API-Key"));
        Assert.DoesNotContain(Key, string.Join("\n", signed.Headers.Values) + signed.Path + signed.QueryString);
    }

    [Fact]
    public async Task ARequestWithoutCredentialsStillGoesThroughTheCallersHandler()
    {
        // Only what must not be redirected by the handler leaves the caller's pipeline.
        await using var server = await LoopbackServer.StartAsync(200, "text/plain", Payload);
        var seen = 0;
        using var http = new HttpClient(new CountingHandler(() => Interlocked.Increment(ref seen)) { InnerHandler = new HttpClientHandler() });
        using var core = new ApiClientCore(http, new ApiClientOptions { BaseAddress = server.BaseAddress }, null);

        Assert.Equal(Payload, await core.SendForTextAsync(new ApiRequest("GET", "/public"), AllKinds, null, CancellationToken.None));

        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task AHandlerThatDoesNotFollowRedirectsKeepsEveryRequest()
    {
        await using var other = await LoopbackServer.StartAsync(200, "text/plain", Payload);
        await using var origin = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(other.BaseAddress, "x").AbsoluteUri;
            return Task.CompletedTask;
        });
        var seen = 0;
        using var http = new HttpClient(new CountingHandler(() => Interlocked.Increment(ref seen)) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } });
        using var core = new ApiClientCore(http, new ApiClientOptions { BaseAddress = origin.BaseAddress, ApiKey = Key }, null);

        Assert.Equal(Payload, await core.SendForTextAsync(new ApiRequest("GET", "/view"), AllKinds, null, CancellationToken.None));

        Assert.Equal(2, seen);
        Assert.False(Assert.Single(other.Requests).Headers.ContainsKey("X-API-Key"));
    }

    [Fact]
    public async Task AHandlerOfTheCallersOwnThatFollowsARedirectIsAnApiExceptionBeforeTheBodyIsRead()
    {
        // A terminal handler the client cannot see into: it follows the redirect itself. The client notices from the
        // response and fails before the body is read (what it cannot do is unsend the request: see the README).
        var bodyRead = false;
        await using var other = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(Payload);
        });
        await using var origin = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(other.BaseAddress, "x").AbsoluteUri;
            return Task.CompletedTask;
        });
        using var http = new HttpClient(new OwnRedirectingHandler(() => bodyRead = true));
        using var core = new ApiClientCore(http, new ApiClientOptions { BaseAddress = origin.BaseAddress, ApiKey = Key }, null);

        var exception = await Assert.ThrowsAsync<ApiException>(() => core.SendForTextAsync(new ApiRequest("GET", "/view"), AllKinds, null, CancellationToken.None));

        Assert.Contains("followed a redirect", exception.Message);
        Assert.Contains("AllowAutoRedirect", exception.Message);
        Assert.DoesNotContain(Key, exception.ToString());
        Assert.False(bodyRead);
    }

    [Fact]
    public async Task AHandlerThatAnswersWithACopyOfTheRequestIsNotTakenForARedirect()
    {
        // Hedging handlers send copies of the message; the response then carries the copy, for the same address.
        await using var server = await LoopbackServer.StartAsync(200, "text/plain", Payload);
        using var http = new HttpClient(new CopyingHandler { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } });
        using var core = new ApiClientCore(http, new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = Key }, null);

        Assert.Equal(Payload, await core.SendForTextAsync(new ApiRequest("GET", "/view"), AllKinds, null, CancellationToken.None));

        Assert.Equal(Key, Assert.Single(server.Requests).Headers["X-API-Key"]);
    }

    private sealed class PassThroughHandler : DelegatingHandler
    {
    }

    private sealed class CopyingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content };
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return base.SendAsync(copy, cancellationToken);
        }
    }

    private sealed class CountingHandler(Action count) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            count();
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A handler of the caller's own (not a DelegatingHandler) over a SocketsHttpHandler that follows redirects.</summary>
    private sealed class OwnRedirectingHandler(Action onBodyRead) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _inner = new(new SocketsHttpHandler { AllowAutoRedirect = true });

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await _inner.SendAsync(request, cancellationToken);
            response.Content = new ObservedContent(response.Content, onBodyRead);
            return response;
        }

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class ObservedContent(HttpContent inner, Action onRead) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            onRead();
            await inner.CopyToAsync(stream);
        }

        protected override Task<Stream> CreateContentReadStreamAsync()
        {
            onRead();
            return inner.ReadAsStreamAsync();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
