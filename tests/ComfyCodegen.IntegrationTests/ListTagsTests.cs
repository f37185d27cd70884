using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>listTags end to end over loopback HTTP against the fake Comfy Cloud: the wire, the types, the errors.</summary>
public sealed class ListTagsTests : IAsyncLifetime
{
    private FakeComfyCloud _cloud = null!;
    private HttpClient _http = null!;
    private ComfyCloudClient _client = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeComfyCloud.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        _client = new ComfyCloudClient(_http, new ApiClientOptions { BaseAddress = _cloud.BaseAddress, ApiKey = _cloud.ApiKey });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _http.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task SendsTheExactQueryAndKeyAndReadsTheTags()
    {
        _cloud.State.SeedAsset("a.png", Encoding.UTF8.GetBytes("a"), new[] { "input", "portrait" });
        _cloud.State.SeedAsset("b.png", Encoding.UTF8.GetBytes("b"), new[] { "input" });

        var page = await _client.ListTagsAsync(prefix: "in", limit: 5, order: ListTagsOrder.NameAsc);

        var request = Assert.Single(_cloud.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/tags", request.Path);
        Assert.Equal("?prefix=in&limit=5&offset=0&order=name_asc&include_zero=false&include_public=true", request.QueryString);
        Assert.Equal(_cloud.ApiKey, request.Headers["X-API-Key"]);
        var input = Assert.Single(page.Tags);
        Assert.Equal("input", input.Name);
        Assert.Equal(2, input.Count);
        Assert.Equal(1, page.Total);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task DefaultsAreTheSpecsDefaults()
    {
        await _client.ListTagsAsync();

        Assert.Equal("?limit=100&offset=0&include_zero=false&include_public=true", Assert.Single(_cloud.Requests).QueryString);
    }

    [Fact]
    public async Task QueryValuesAreEncodedExactly()
    {
        await _client.ListTagsAsync(prefix: "a&b=c+d é");

        Assert.StartsWith("?prefix=a%26b%3Dc%2Bd%20%C3%A9&", Assert.Single(_cloud.Requests).QueryString);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(-5)]
    public async Task OutOfRangeLimitThrowsBeforeAnythingIsSent(int limit)
    {
        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.ListTagsAsync(limit: limit));

        Assert.Equal("limit", exception.ParamName);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message);
        Assert.Contains(limit < 1 ? ">= 1" : "<= 1000", exception.Message);
        Assert.Empty(_cloud.Requests);
    }

    [Fact]
    public async Task NegativeOffsetAndUnknownOrderThrowBeforeAnythingIsSent()
    {
        var offset = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.ListTagsAsync(offset: -1));
        var order = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.ListTagsAsync(order: new ListTagsOrder("count_asc")));

        Assert.Equal("offset", offset.ParamName);
        Assert.Equal("order", order.ParamName);
        Assert.Contains("count_asc", order.Message);
        Assert.Empty(_cloud.Requests);
    }

    [Fact]
    public async Task WrongKeySurfacesTheErrorResponseOf401()
    {
        using var client = new ComfyCloudClient(_http, new ApiClientOptions { BaseAddress = _cloud.BaseAddress, ApiKey = "wrong-key" });

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => client.ListTagsAsync());

        Assert.Equal(401, exception.StatusCode);
        Assert.False(string.IsNullOrEmpty(exception.Error.Code));
        Assert.False(string.IsNullOrEmpty(exception.Error.Message));
        Assert.Contains(exception.Error.Message, exception.Body);
        Assert.DoesNotContain("wrong-key", exception.Message);
        Assert.Equal("wrong-key", Assert.Single(_cloud.Requests).Headers["X-API-Key"]);
    }

    [Fact]
    public async Task OperationsWithoutSecuritySendNoKey()
    {
        await _client.GetSystemStatsAsync();

        Assert.False(Assert.Single(_cloud.Requests).Headers.ContainsKey("X-API-Key"));
    }

    [Fact]
    public async Task TheCallersHttpClientIsNotDisposed()
    {
        var client = new ComfyCloudClient(_http, new ApiClientOptions { BaseAddress = _cloud.BaseAddress, ApiKey = _cloud.ApiKey });
        client.Dispose();

        using var response = await _http.GetAsync(new Uri(_cloud.BaseAddress, "api/system_stats"));

        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public void SecretsStayOutOfToString()
    {
        var options = new ApiClientOptions { BaseAddress = _cloud.BaseAddress, ApiKey = "super-secret-key", BearerToken = "super-secret-token" };
        using var client = new ComfyCloudClient(_http, options);

        Assert.DoesNotContain("super-secret", options.ToString());
        Assert.DoesNotContain("super-secret", client.ToString());
    }
}
