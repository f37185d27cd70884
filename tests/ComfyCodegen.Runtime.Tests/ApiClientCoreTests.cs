using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime.Json;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>The core over an in-memory handler: base addresses, credentials, limits, ownership.</summary>
public sealed class ApiClientCoreTests
{
    private static readonly ApiAuthScheme[] ApiKey = { new(ApiAuthKind.ApiKeyHeader, "X-API-Key") };

    [Fact]
    public async Task BaseAddressPathIsKept()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var core = new ApiClientCore(new HttpClient(handler), new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/prefix") }, null);

        await core.SendForNoContentAsync(new ApiRequest("GET", "/api/tags"), Array.Empty<ApiAuthScheme>(), null, CancellationToken.None);

        Assert.Equal("http://127.0.0.1:1/prefix/api/tags", handler.Requests[0].RequestUri!.ToString());
    }

    [Fact]
    public async Task CredentialsGoOnlyWhereTheOperationAsksForThem()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), ApiKey = "key", BearerToken = "token" };
        using var core = new ApiClientCore(new HttpClient(handler), options, null);

        await core.SendForNoContentAsync(new ApiRequest("GET", "/a"), ApiKey, null, CancellationToken.None);
        await core.SendForNoContentAsync(new ApiRequest("GET", "/b"), Array.Empty<ApiAuthScheme>(), null, CancellationToken.None);
        await core.SendForNoContentAsync(new ApiRequest("GET", "/c"), new[] { new ApiAuthScheme(ApiAuthKind.Bearer, null) }, null, CancellationToken.None);

        Assert.Equal("key", string.Join(",", handler.Requests[0].Headers.GetValues("X-API-Key")));
        Assert.Null(handler.Requests[0].Headers.Authorization);
        Assert.False(handler.Requests[1].Headers.Contains("X-API-Key"));
        Assert.Equal("Bearer token", handler.Requests[2].Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task ABodyOverTheLimitIsAnApiExceptionNotAnAllocation()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(new string('x', 10_000)) });
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), MaxResponseContentBytes = 1_000 };
        using var core = new ApiClientCore(new HttpClient(handler), options, null);

        var exception = await Assert.ThrowsAsync<ApiException>(() => core.SendForTextAsync(new ApiRequest("GET", "/big"), ApiKey, null, CancellationToken.None));

        Assert.Equal(200, exception.StatusCode);
        Assert.Contains("larger than the 1000 bytes", exception.Message);
    }

    [Fact]
    public async Task ABodyOfExactlyTheLimitIsRead()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new System.IO.MemoryStream(Encoding.UTF8.GetBytes(new string('x', 1_000)))) });
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), MaxResponseContentBytes = 1_000 };
        using var core = new ApiClientCore(new HttpClient(handler), options, null);

        var text = await core.SendForTextAsync(new ApiRequest("GET", "/exact"), ApiKey, null, CancellationToken.None);

        Assert.Equal(1_000, text.Length);
    }

    [Fact]
    public async Task DeepJsonIsAnApiException()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(deep) });
        using var core = new ApiClientCore(new HttpClient(handler), new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/") }, null);
        var converter = new ListJsonConverter<System.Text.Json.JsonElement>(System.Text.Json.Serialization.Metadata.JsonMetadataServices.JsonElementConverter, itemNullable: false);

        var exception = await Assert.ThrowsAsync<ApiException>(() => core.SendForJsonAsync(new ApiRequest("GET", "/deep"), ApiKey, converter, null, CancellationToken.None));

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(exception.InnerException);
        Assert.Contains("depth", exception.Message);
    }

    [Fact]
    public async Task ResponseHeadersAreReadableAfterTheCallEnded()
    {
        var handler = new RecordingHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("[1]", Encoding.UTF8, "application/json") };
            response.Headers.Add("X-Request-Id", new[] { "a", "b" });
            return response;
        });
        using var core = new ApiClientCore(new HttpClient(handler), new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/") }, null);
        var converter = new ListJsonConverter<int>(System.Text.Json.Serialization.Metadata.JsonMetadataServices.Int32Converter, itemNullable: false);

        var result = await core.SendForJsonResponseAsync(new ApiRequest("POST", "/things"), ApiKey, converter, null, CancellationToken.None);

        Assert.Equal(201, result.StatusCode);
        Assert.Equal(new[] { "a", "b" }, result.Headers["x-request-id"]);
        Assert.Equal("application/json; charset=utf-8", Assert.Single(result.Headers["Content-Type"]));
        Assert.True(result.Headers.ContainsKey("content-length"));
        Assert.False(result.Headers.TryGetValue("X-Missing", out _));
    }

    [Fact]
    public async Task ACancelledCallDoesNotCancelTheNextOne()
    {
        // The body deadline's token source is reused between calls: a caller's cancellation must not outlive its call.
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new SlowStream(Encoding.UTF8.GetBytes("\"ok\""))) });
        using var core = new ApiClientCore(new HttpClient(handler), new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/") }, null);

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(30)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => core.SendForTextAsync(new ApiRequest("GET", "/slow"), ApiKey, null, cancel.Token));
        }

        for (var i = 0; i < 3; i++)
        {
            using var generous = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal("\"ok\"", await core.SendForTextAsync(new ApiRequest("GET", "/slow"), ApiKey, null, generous.Token));
        }
    }

    [Fact]
    public void OnlyABodyThisClientCanReplayIsResent()
    {
        Assert.True(ApiClientCore.CanResend(new HttpRequestMessage(HttpMethod.Get, "http://x/")));
        Assert.False(ApiClientCore.CanResend(new HttpRequestMessage(HttpMethod.Post, "http://x/") { Content = new StringContent("a") }));
    }

    [Fact]
    public void NoBaseAddressAnywhereIsAnArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new ApiClientCore(new HttpClient(), null, null));
    }

    [Fact]
    public void SameOriginMeansSchemeHostAndPort()
    {
        var origin = new Uri("https://cloud.comfy.org/");

        Assert.True(ApiClientCore.IsSameOrigin(new Uri("https://CLOUD.comfy.org:443/api/view"), origin));
        Assert.False(ApiClientCore.IsSameOrigin(new Uri("http://cloud.comfy.org/api/view"), origin));
        Assert.False(ApiClientCore.IsSameOrigin(new Uri("https://cloud.comfy.org:8443/"), origin));
        Assert.False(ApiClientCore.IsSameOrigin(new Uri("https://storage.googleapis.com/"), origin));
    }

    /// <summary>Gives its bytes 100 ms after each read starts (honouring cancellation), like a slow network.</summary>
    private sealed class SlowStream(byte[] bytes) : System.IO.MemoryStream(bytes)
    {
        public override async System.Threading.Tasks.ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(100, cancellationToken);
            return await base.ReadAsync(buffer, cancellationToken);
        }
    }

    private sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(respond(request));
        }
    }
}
