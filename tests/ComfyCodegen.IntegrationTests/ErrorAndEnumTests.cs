using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Comfy.Cloud;
using Comfy.Cloud.Serialization;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>Exact server answers from a scripted loopback server: error statuses, bad bodies, values the spec does not list.</summary>
public sealed class ErrorAndEnumTests
{
    private static ComfyCloudClient Client(LoopbackServer server, HttpClient http) =>
        new(http, new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = "k" });

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(500)]
    public async Task DeclaredErrorStatusesCarryTheParsedErrorResponse(int status)
    {
        const string Body = """{"code":"limit_exceeded","message":"Too many tags requested"}""";
        await using var server = await LoopbackServer.StartAsync(status, "application/json", Body);
        using var http = new HttpClient();
        using var client = Client(server, http);

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => client.ListTagsAsync());

        Assert.Equal(status, exception.StatusCode);
        Assert.Equal("limit_exceeded", exception.Error.Code);
        Assert.Equal("Too many tags requested", exception.Error.Message);
        Assert.Equal(Body, exception.Body);
        Assert.Equal("application/json", exception.Headers["Content-Type"].Single());
        Assert.Contains($"GET /api/tags answered {status}", exception.Message);
    }

    [Fact]
    public async Task AnErrorBodyThatIsNotTheSchemaStillGivesAnApiExceptionWithTheBody()
    {
        await using var server = await LoopbackServer.StartAsync(502, "text/html", "<html><body>Bad gateway</body></html>");
        using var http = new HttpClient();
        using var client = Client(server, http);

        var exception = await Assert.ThrowsAsync<ApiException>(() => client.ListTagsAsync());

        Assert.Equal(502, exception.StatusCode);
        Assert.Null(exception.Error);
        Assert.Equal("<html><body>Bad gateway</body></html>", exception.Body);
    }

    [Theory]
    [InlineData("{\"tags\":[{\"name\":\"x\",\"count\":1}],\"total\":1")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"total\":1,\"has_more\":false}")]
    [InlineData("{\"tags\":[{\"name\":\"x\",\"count\":\"one\"}],\"total\":1,\"has_more\":false}")]
    public async Task ASuccessBodyThatDoesNotMatchIsAnApiExceptionNotAJsonException(string body)
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", body);
        using var http = new HttpClient();
        using var client = Client(server, http);

        var exception = await Assert.ThrowsAsync<ApiException>(() => client.ListTagsAsync());

        Assert.Equal(200, exception.StatusCode);
        Assert.Equal(body.Length == 0 ? null : body, exception.Body);
        Assert.Contains("does not match the spec", exception.Message);
    }

    [Fact]
    public async Task AnEnumValueTheSpecDoesNotListRoundTripsUnchanged()
    {
        var id = Guid.NewGuid();
        var body = $$"""{"id":"{{id}}","status":"teleporting","created_at":"2026-11-29T10:00:00+00:00","updated_at":"2026-11-29T10:05:00+00:00"}""";
        await using var server = await LoopbackServer.StartAsync(200, "application/json", body);
        using var http = new HttpClient();
        using var client = Client(server, http);

        var status = await client.GetJobStatusAsync(id);

        var state = status.Status;
        Assert.Equal("teleporting", state.Value);
        Assert.False(state.IsDefined);
        Assert.NotEqual(JobStatusResponseStatus.Completed, state);
        Assert.Equal($"/api/job/{id}/status", Assert.Single(server.Requests).RawTarget);
        var again = JsonSerializer.Serialize(status);
        Assert.Contains("\"status\":\"teleporting\"", again);
        Assert.Equal(status, JsonSerializer.Deserialize<JobStatusResponse>(again));
    }

    [Fact]
    public void UserSerializationProducesTheSpecsJson()
    {
        var page = new ListTagsResponse
        {
            Tags = new[] { new TagInfo { Name = "input", Count = 3 } },
            Total = 1,
            HasMore = false,
        };

        var json = JsonSerializer.Serialize(page);

        Assert.Equal("""{"tags":[{"name":"input","count":3}],"total":1,"has_more":false}""", json);
        var back = JsonSerializer.Deserialize<ListTagsResponse>(json)!;
        Assert.Equal(page.Total, back.Total);
        Assert.Equal("input", back.Tags.Single().Name);
    }

    [Fact]
    public void TheGeneratedResolverSerializesWithoutReflection()
    {
        // What an AOT app uses: options whose only resolver is the generated one (the reflection-based resolver that
        // reads [JsonConverter] attributes is absent here, as it is under native AOT).
        var options = ComfyCloudClientJsonTypeInfoResolver.Options;
        var page = new ListTagsResponse { Tags = new[] { new TagInfo { Name = "input", Count = 3 } }, Total = 1, HasMore = true };

        var json = JsonSerializer.Serialize(page, options);
        var back = (ListTagsResponse)JsonSerializer.Deserialize(json, typeof(ListTagsResponse), options)!;
        var tags = JsonSerializer.Deserialize<System.Collections.Generic.IReadOnlyList<TagInfo>>("""[{"name":"a","count":1}]""", options)!;
        var order = JsonSerializer.Deserialize<ListTagsOrder>("\"newest_first\"", options);

        Assert.Equal("""{"tags":[{"name":"input","count":3}],"total":1,"has_more":true}""", json);
        Assert.True(back.HasMore);
        Assert.Equal("a", Assert.Single(tags).Name);
        Assert.Equal("newest_first", order.Value);
        Assert.False(order.IsDefined);
        Assert.Null(ComfyCloudClientJsonTypeInfoResolver.Default.GetTypeInfo(typeof(Uri), options));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Uri("http://x/"), options));
    }

    [Fact]
    public void AListedEnumValueIsReadAsTheSharedMember()
    {
        var options = ComfyCloudClientJsonTypeInfoResolver.Options;

        var plain = JsonSerializer.Deserialize<ListTagsOrder>("\"count_desc\"", options);
        var escaped = JsonSerializer.Deserialize<ListTagsOrder>("\"count\\u005fdesc\"", options);

        Assert.Same(ListTagsOrder.CountDesc.Value, plain.Value);
        Assert.Equal(ListTagsOrder.CountDesc, escaped);
        Assert.True(escaped.IsDefined);
    }

    [Fact]
    public async Task PathParametersAreOneEscapedSegment()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/octet-stream", "x");
        using var http = new HttpClient();
        using var client = Client(server, http);

        using var file = await client.GetUserdataFileAsync("../../a/b?x=1#y é");

        Assert.Equal("/api/userdata/..%2F..%2Fa%2Fb%3Fx%3D1%23y%20%C3%A9", Assert.Single(server.Requests).RawTarget);
    }
}
