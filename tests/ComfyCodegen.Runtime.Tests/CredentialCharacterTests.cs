using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>
/// A credential with a control character (CR, LF, NUL, …) or white space at either end is refused with an
/// ArgumentException that does not quote it: when the core is built and when a changed value is applied.
/// </summary>
public sealed class CredentialCharacterTests
{
    private const string Secret = "sk-character-secret-4417";

    private static readonly ApiAuthScheme[] AllKinds =
    {
        new(ApiAuthKind.ApiKeyHeader, "X-API-Key", "HeaderAuth"),
        new(ApiAuthKind.Bearer, null, "BearerAuth"),
        new(ApiAuthKind.ApiKeyQuery, "api_key", "QueryAuth"),
        new(ApiAuthKind.ApiKeyCookie, "session", "CookieAuth"),
    };

    public static TheoryData<string> BadValues => new()
    {
        Secret + "\r\nX-Injected: yes",
        Secret + "\n",
        Secret + "\r",
        Secret + "\0",
        "\n" + Secret,
        Secret + "\t",
        Secret + "\u007f",
        Secret + "\u0085",
        " " + Secret,
        Secret + " ",
        Secret[..4] + "\u000b" + Secret[4..],
    };

    private static readonly Action<ApiClientOptions, string>[] Setters =
    {
        (options, value) => options.ApiKey = value,
        (options, value) => options.BearerToken = value,
        (options, value) => options.Credentials["CookieAuth"] = value,
        (options, value) => options.Credentials["HeaderAuth"] = value,
    };

    private static void AssertQuotesNoSecret(ArgumentException exception)
    {
        Assert.DoesNotContain(Secret, exception.ToString());
        Assert.DoesNotContain(Secret[..8], exception.Message);
        Assert.DoesNotContain("X-Injected", exception.ToString());
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadCredentialIsRefusedWhenTheCoreIsBuilt(string value)
    {
        foreach (var set in Setters)
        {
            var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/") };
            set(options, value);
            var handler = new RecordingHandler();

            var exception = Assert.Throws<ArgumentException>(() => new ApiClientCore(new HttpClient(handler), options, null));

            AssertQuotesNoSecret(exception);
            Assert.Contains("control character", exception.Message);
        }
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task ABadCredentialSetAfterConstructionIsRefusedBeforeAnythingIsSent(string value)
    {
        foreach (var set in Setters)
        {
            var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), ApiKey = Secret };
            var handler = new RecordingHandler();
            using var core = new ApiClientCore(new HttpClient(handler), options, null);
            set(options, value);

            var exception = await Assert.ThrowsAsync<ArgumentException>(() => core.SendForNoContentAsync(new ApiRequest("GET", "/a"), AllKinds, null, CancellationToken.None));

            AssertQuotesNoSecret(exception);
            Assert.Empty(handler.Requests);
        }
    }

    [Fact]
    public async Task ACleanCredentialIsSentAsItIs()
    {
        var options = new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), ApiKey = "sk-a b+c/=", BearerToken = "t.o-k_e~n" };
        var handler = new RecordingHandler();
        using var core = new ApiClientCore(new HttpClient(handler), options, null);

        await core.SendForNoContentAsync(new ApiRequest("GET", "/a"), AllKinds, null, CancellationToken.None);

        Assert.Equal("sk-a b+c/=", string.Join(",", handler.Requests[0].Headers.GetValues("X-API-Key")));
        Assert.Equal("Bearer t.o-k_e~n", handler.Requests[0].Headers.Authorization!.ToString());
    }

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("a\u007fb")]
    [InlineData("a\u001bb")]
    [InlineData("a\u0085b")]
    public void AHeaderParameterWithAControlCharacterIsRefused(string value)
    {
        var exception = Assert.Throws<ArgumentException>(() => new ApiRequest("GET", "/a").AddHeader("X-Tenant", value));

        Assert.Contains("X-Tenant", exception.Message);
        Assert.DoesNotContain(value, exception.Message);
    }

    [Fact]
    public void AHeaderParameterMayHoldATab()
    {
        var request = new ApiRequest("GET", "/a").AddHeader("X-Tenant", "a\tb");

        Assert.Equal("a\tb", request.Headers[0].Value);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }
    }
}
