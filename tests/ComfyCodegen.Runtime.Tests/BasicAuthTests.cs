using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>HTTP basic authentication: the exact header, the RFC 7617 rules, the base origin only, no secret shown.</summary>
public sealed class BasicAuthTests
{
    private static readonly ApiAuthScheme[] Basic = { new(ApiAuthKind.Basic, null, "BasicAuth") };

    [Fact]
    public async Task UsernameAndPasswordAreSentAsUtf8Base64()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), Username = "Aladdin", Password = "open sésame" };
        using var core = new ApiClientCore(new HttpClient(handler), options, null);

        await core.SendForNoContentAsync(new ApiRequest("GET", "/a"), Basic, null, CancellationToken.None);

        Assert.Equal("Basic QWxhZGRpbjpvcGVuIHPDqXNhbWU=", handler.Requests[0].Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task ACredentialsEntryIsUserColonPassword()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), Username = "other", Password = "other" };
        options.Credentials["BasicAuth"] = "Aladdin:open sesame";
        using var core = new ApiClientCore(new HttpClient(handler), options, null);

        await core.SendForNoContentAsync(new ApiRequest("GET", "/a"), Basic, null, CancellationToken.None);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("Aladdin:open sesame")), handler.Requests[0].Headers.Authorization!.ToString());
    }

    [Fact]
    public void AUsernameWithAColonIsRefused()
    {
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), Username = "a:b", Password = "secret-password" };

        var exception = Assert.Throws<ArgumentException>(() => new ApiClientCore(new HttpClient(), options, null));

        Assert.Contains("Username", exception.Message);
        Assert.DoesNotContain("secret-password", exception.Message);
    }

    [Fact]
    public async Task AControlCharacterSetAfterConstructionIsRefusedBeforeSending()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), Username = "user", Password = "fine-password" };
        using var core = new ApiClientCore(new HttpClient(handler), options, null);
        options.Password = "pass\r\nX-Injected: 1";

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => core.SendForNoContentAsync(new ApiRequest("GET", "/a"), Basic, null, CancellationToken.None));

        Assert.Contains("Password", exception.Message);
        Assert.DoesNotContain("pass", exception.Message.Replace("Password", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ARedirectToAnotherOriginCarriesNoAuthorization()
    {
        var handler = new RecordingHandler(request => request.RequestUri!.Host == "127.0.0.1"
            ? new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("http://localhost:2/elsewhere") } }
            : new HttpResponseMessage(HttpStatusCode.NoContent));
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), Username = "user", Password = "password" };
        using var core = new ApiClientCore(new HttpClient(handler), options, null);

        await core.SendForNoContentAsync(new ApiRequest("GET", "/a"), Basic, null, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.NotNull(handler.Requests[0].Headers.Authorization);
        Assert.Null(handler.Requests[1].Headers.Authorization);
    }

    [Fact]
    public void ToStringShowsNoSecret()
    {
        var options = new ApiClientOptions { Username = "the-user-name", Password = "the-password" };

        var text = options.ToString();

        Assert.DoesNotContain("the-user-name", text);
        Assert.DoesNotContain("the-password", text);
        Assert.Contains("Password = ***", text);
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
