using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// Secrets stay out of messages, ToString() and logs; arguments cannot change the request's path, query or headers;
/// spec patterns cannot hang a caller.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SecurityTests(ITestOutputHelper output)
{
    private const string Key = "sk-reliability-7f3a9c41d2e8b6051fe2";

    private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };

    private static void AssertNoKey(string where, string text) =>
        Assert.False(text.Contains(Key, StringComparison.Ordinal), $"the API key appears in {where}: {text}");

    private static IEnumerable<(string Where, string Text)> Describe(string name, Exception exception)
    {
        yield return ($"{name}.Message", exception.Message);
        yield return ($"{name}.ToString()", exception.ToString());
        if (exception is ApiException api)
        {
            yield return ($"{name}.Body", api.Body ?? string.Empty);
        }
    }

    [Fact]
    public async Task TheKeyAppearsInNoMessageToStringOrLogLine()
    {
        await using var cloud = await FakeComfyCloud.StartAsync(new FakeCloudOptions { ApiKey = Key });
        cloud.State.AddFile("out.png", Png, "image/png");
        cloud.State.ViewMode = ViewResponseMode.CrossOriginRedirect;
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddComfyCloudClient(
            options =>
            {
                options.BaseAddress = cloud.BaseAddress;
                options.ApiKey = Key;
            },
            resilience => resilience.Retry.Delay = TimeSpan.FromMilliseconds(10));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IComfyCloudClient>();
        var texts = new List<(string Where, string Text)>();

        // Success.
        var page = await client.ListTagsAsync();
        Assert.NotNull(page);

        // 4xx with the spec's error schema.
        var notFound = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => client.GetAssetByIdAsync(Guid.NewGuid()));
        Assert.Equal(404, notFound.StatusCode);
        texts.AddRange(Describe("404", notFound));

        // 5xx with the error schema, then a 503: the pipeline retries both (GET) until it gives up.
        cloud.State.InjectFault("GET", "/api/tags", 500, times: 10);
        var serverError = await Assert.ThrowsAnyAsync<ApiException>(() => client.ListTagsAsync());
        Assert.Equal(500, serverError.StatusCode);
        texts.AddRange(Describe("500", serverError));
        cloud.State.ClearFaults();
        cloud.State.InjectFault("GET", "/api/tags", 503, times: 10);
        var unavailable = await Assert.ThrowsAnyAsync<ApiException>(() => client.ListTagsAsync());
        Assert.Equal(503, unavailable.StatusCode);
        texts.AddRange(Describe("503", unavailable));
        cloud.State.ClearFaults();

        // A cross-origin redirect: followed, without the key.
        using (var file = await client.ViewFileAsync("out.png"))
        {
            using var copy = new MemoryStream();
            await file.Content.CopyToAsync(copy);
            Assert.Equal(Png, copy.ToArray());
        }

        Assert.NotEmpty(cloud.SecondOriginRequests);
        Assert.All(cloud.SecondOriginRequests, request => AssertNoKey("the redirected request", string.Join("\n", request.Headers.Select(h => h.Key + ": " + h.Value)) + request.Path + request.QueryString));

        // 401 from a key the server does not know (the client's key is ours, the server's is another).
        await using (var otherCloud = await FakeComfyCloud.StartAsync(new FakeCloudOptions { ApiKey = "another-key-entirely" }))
        {
            using var stranger = new ComfyCloudClient(new ApiClientOptions { BaseAddress = otherCloud.BaseAddress, ApiKey = Key });
            var unauthorized = await Assert.ThrowsAnyAsync<ApiException>(() => stranger.ListTagsAsync());
            Assert.Equal(401, unauthorized.StatusCode);
            texts.AddRange(Describe("401", unauthorized));
            texts.Add(("the plain client's ToString()", stranger.ToString()));
        }

        var options = provider.GetRequiredService<IOptionsMonitor<ApiClientOptions>>().Get("ComfyCloudClient");
        Assert.Equal(Key, options.ApiKey);
        texts.Add(("ApiClientOptions.ToString()", options.ToString()));
        texts.Add(("the DI client's ToString()", client.ToString()!));
        texts.Add(("a new ApiClientOptions' ToString()", new ApiClientOptions { ApiKey = Key, BearerToken = Key, Credentials = { ["ApiKeyAuth"] = Key } }.ToString()));

        foreach (var (where, text) in texts)
        {
            AssertNoKey(where, text);
        }

        var lines = logs.Lines;
        output.WriteLine($"{lines.Count} log lines captured; for example:\n{string.Join("\n", lines.Where(l => l.Contains("X-API-Key", StringComparison.OrdinalIgnoreCase)).Take(3))}");
        Assert.True(lines.Count >= 10, $"only {lines.Count} log lines were captured: the search below would prove nothing");
        Assert.Contains(lines, line => line.StartsWith("Trace", StringComparison.Ordinal));

        // Request headers are logged at Trace: the header is there, its value is not.
        Assert.Contains(lines, line => line.Contains("X-API-Key", StringComparison.OrdinalIgnoreCase));
        foreach (var line in lines)
        {
            AssertNoKey("a log line", line);
        }
    }

    public enum Echo
    {
        /// <summary>401 application/json with the spec's ErrorResponse, quoting the key.</summary>
        JsonError,

        /// <summary>500 text/plain quoting the key.</summary>
        TextError,

        /// <summary>200 with a body that does not match the spec, quoting the key.</summary>
        BrokenSuccess,
    }

    [Theory]
    [InlineData(Echo.JsonError)]
    [InlineData(Echo.TextError)]
    [InlineData(Echo.BrokenSuccess)]
    public async Task AServerThatEchoesTheKeyDoesNotPutItInTheExceptionMessage(Echo echo)
    {
        // Many APIs answer "invalid key sk-…": the message, which ends up in logs, must not repeat it.
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var key = context.Request.Headers["X-API-Key"].ToString();
            (context.Response.StatusCode, context.Response.ContentType, var body) = echo switch
            {
                Echo.JsonError => (401, "application/json", $$"""{"code":"invalid_key","message":"the key {{key}} is not valid"}"""),
                Echo.TextError => (500, "text/plain", $"upstream rejected X-API-Key: {key}"),
                _ => (200, "application/json", $$"""{"tags":"{{key}}"}"""),
            };
            await context.Response.WriteAsync(body);
        });
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = Key });

        var exception = await Assert.ThrowsAnyAsync<ApiException>(() => client.ListTagsAsync());
        output.WriteLine(exception.Message);

        Assert.Equal(Key, Assert.Single(server.Requests).Headers["X-API-Key"]);
        Assert.Contains("GET /api/tags answered", exception.Message);
        Assert.Contains("***", exception.Message);
        foreach (var (where, text) in Describe(echo.ToString(), exception))
        {
            AssertNoKey(where, text);
        }
    }

    [Theory]
    [InlineData("../../secrets", "..%2F..%2Fsecrets")]
    [InlineData("..\\..\\secrets", "..%5C..%5Csecrets")]
    [InlineData("a/b?x=1#y", "a%2Fb%3Fx%3D1%23y")]
    [InlineData("%", "%25")]
    [InlineData("%2e%2e", "%252e%252e")]
    [InlineData("100% sure", "100%25%20sure")]
    [InlineData("two  spaces ", "two%20%20spaces%20")]
    [InlineData("ü漢😀", "%C3%BC%E6%BC%A2%F0%9F%98%80")]
    [InlineData("...", "...")]
    [InlineData("a;b=c&d", "a%3Bb%3Dc%26d")]
    public async Task APathParameterReachesTheServerAsOneSegment(string value, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/octet-stream", "x");
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = Key });

        using (await client.GetUserdataFileAsync(value))
        {
        }

        Assert.Equal("/api/userdata/" + expected, Assert.Single(server.Requests).RawTarget);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task DotSegmentsAreRefusedBeforeSending(string value)
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/octet-stream", "x");
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = Key });

        var get = await Assert.ThrowsAsync<ArgumentException>(() => client.GetUserdataFileAsync(value));
        var delete = await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteUserdataFileAsync(value));
        var preview = await Assert.ThrowsAsync<ArgumentException>(() => client.GetModelPreviewAsync("checkpoints", 0, value));

        Assert.Equal("file", get.ParamName);
        Assert.Equal("file", delete.ParamName);
        Assert.Equal("filename", preview.ParamName);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("bytes=0-1\r\nX-Injected: yes")]
    [InlineData("bytes=0-1\nX-Injected: yes")]
    [InlineData("bytes=0-1\rX-Injected: yes")]
    [InlineData("bytes=0-1\0")]
    public async Task AHeaderValueWithCrOrLfIsRejectedBeforeSending(string value)
    {
        // The Cloud spec has no header parameter; the v2 spec's Range and Idempotency-Key are generated ones.
        await using var server = await LoopbackServer.StartAsync(200, "application/octet-stream", "x");
        using var v2 = new Comfy.V2.ComfyApiV2Client(new ApiClientOptions { BaseAddress = server.BaseAddress });

        var range = await Assert.ThrowsAsync<ArgumentException>(() => v2.GetAssetContentAsync("asset-1", range: value));
        var idempotency = await Assert.ThrowsAsync<ArgumentException>(() =>
            v2.PostJobsAsync(new Comfy.V2.PostJobsRequest { Workflow = System.Text.Json.JsonDocument.Parse("{}").RootElement }, idempotencyKey: value));
        Assert.Equal("Range", range.ParamName);
        Assert.Equal("Idempotency-Key", idempotency.ParamName);

        // And through the runtime directly: the rejected header is not on the request that is then sent.
        using var core = new ApiClientCore(null, new ApiClientOptions { BaseAddress = server.BaseAddress }, null);
        var request = new ApiRequest("GET", "/api/echo") { PathTemplate = "/api/echo" };
        var direct = Assert.Throws<ArgumentException>(() => request.AddHeader("X-Trace", value));
        Assert.Equal("X-Trace", direct.ParamName);
        await core.SendForNoContentAsync(request, Array.Empty<ApiAuthScheme>(), null, CancellationToken.None);

        var sent = Assert.Single(server.Requests);
        Assert.Equal("/api/echo", sent.RawTarget);
        Assert.False(sent.Headers.ContainsKey("X-Trace"));
        Assert.False(sent.Headers.ContainsKey("X-Injected"));
    }

    [Fact]
    public async Task QueryValuesAreEncodedExactly()
    {
        const string prefix = "a&b=c+d e/ü?#%漢";
        await using var server = await LoopbackServer.StartAsync(context =>
            context.Response.WriteAsync(context.Request.Path == "/api/tags" ? Bodies.Tags : """{"assets":[],"total":0,"has_more":false}"""));
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = Key });

        await client.ListTagsAsync(prefix: prefix);
        await client.ListAssetsAsync(includeTags: new[] { "a,b", "c&d=e", "+ü" }, nameContains: "x=1&y=2");

        Assert.Equal(
            "/api/tags?prefix=a%26b%3Dc%2Bd%20e%2F%C3%BC%3F%23%25%E6%BC%A2&limit=100&offset=0&include_zero=false&include_public=true",
            server.Requests[0].RawTarget);

        // Arrays in style form without explode: items encoded, the separating commas literal.
        Assert.Equal(
            "/api/assets?include_tags=a%2Cb,c%26d%3De,%2B%C3%BC&name_contains=x%3D1%26y%3D2&limit=20&offset=0&include_public=true",
            server.Requests[1].RawTarget);
    }

    [Fact]
    public async Task AHostileValueForASpecPatternFailsFastAndSendsNothing()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", "{}");
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = Key });

        // The generated patterns carry the validator's match timeout, so even a pathological one cannot hang.
        var patterns = typeof(ComfyCloudClient).Assembly.GetType("Comfy.Cloud.Serialization.ComfyCloudClientPatterns", throwOnError: true)!;
        var regexes = patterns.GetProperties(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(property => property.PropertyType == typeof(Regex))
            .Select(property => (Regex)property.GetValue(null)!)
            .ToArray();
        Assert.NotEmpty(regexes);
        Assert.All(regexes, regex => Assert.Equal(ParameterValidator.PatternTimeout, regex.MatchTimeout));

        // A megabyte of almost-hash: the parameter (HEAD /api/assets/hash/{hash}) and the body member (from-hash).
        var hostile = "blake3:" + new string('a', 1 << 20) + "!";
        var stopwatch = Stopwatch.StartNew();
        var parameter = await Assert.ThrowsAsync<ArgumentException>(() => client.CheckAssetByHashAsync(hostile));
        var body = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.CreateAssetFromHashAsync(new CreateAssetFromHashRequest { Hash = "sha256:" + new string('0', 1 << 20), Tags = new[] { "input" } }));
        stopwatch.Stop();
        output.WriteLine($"two hostile 1 MiB values rejected in {stopwatch.Elapsed.TotalMilliseconds:0.0} ms");

        Assert.Equal("hash", parameter.ParamName);
        Assert.Contains("does not match the pattern", parameter.Message);
        Assert.Equal("body.hash", body.ParamName);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1.5), $"rejecting took {stopwatch.Elapsed.TotalMilliseconds:0} ms");
        Assert.Empty(server.Requests);
    }
}
