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

/// <summary>Response headers and bodies as real servers send them: file names, and content types that contradict the spec.</summary>
public sealed class ResponseContentTests
{
    [Theory]
    [InlineData("filename=\"x.png\"", "x.png")] // ComfyUI's /view: no disposition type
    [InlineData("attachment; filename=\"a b.png\"", "a b.png")]
    [InlineData("inline; filename=plain.png", "plain.png")]
    [InlineData("attachment; filename=\"fallback.png\"; filename*=UTF-8''f%C3%B6t%C3%B6.png", "fötö.png")]
    [InlineData("filename*=UTF-8''%E2%82%AC%20rates.txt", "€ rates.txt")]
    [InlineData("attachment; filename*=iso-8859-1'en'%A3%20rates.txt", "£ rates.txt")]
    [InlineData("attachment; filename*=UTF-8''%ZZbroken; filename=\"ok.png\"", "ok.png")]
    [InlineData("attachment; filename=\"a\\\"b.png\"", "a\"b.png")]
    [InlineData("attachment; filename=\"../../etc/passwd\"", "passwd")]
    [InlineData("attachment; filename=\"..\\\\dir\\\\win.txt\"", "win.txt")]
    [InlineData("attachment; filename=\"..\"", null)]
    [InlineData("attachment", null)]
    public async Task TheFileNameIsReadFromContentDispositionLeniently(string header, string? expected)
    {
        using var file = await DownloadAsync(content => content.Headers.TryAddWithoutValidation("Content-Disposition", header));

        Assert.Equal(expected, file.FileName);
    }

    [Fact]
    public async Task NoContentDispositionIsNoFileName()
    {
        using var file = await DownloadAsync(_ => { });

        Assert.Null(file.FileName);
    }

    [Fact]
    public async Task ATextBodyServedAsJsonIsReportedNotReturnedAsEscapedJson()
    {
        // ComfyUI's /internal/logs: a JSON string where a spec said text/plain.
        using var core = Core(_ => new StringContent("\"line one\\nline two\"", Encoding.UTF8, "application/json"));

        var exception = await Assert.ThrowsAsync<ApiException>(() => core.SendForTextAsync(new ApiRequest("GET", "/internal/logs"), [], null, CancellationToken.None));

        Assert.Equal(200, exception.StatusCode);
        Assert.Contains("the spec declares a text body, but the server sent application/json", exception.Message);
        Assert.Equal("\"line one\\nline two\"", exception.Body);
    }

    [Fact]
    public async Task ATextBodyServedAsTextIsReturnedAsItIs()
    {
        using var core = Core(_ => new StringContent("\"quoted\" text", Encoding.UTF8, "text/plain"));

        Assert.Equal("\"quoted\" text", await core.SendForTextAsync(new ApiRequest("GET", "/text"), [], null, CancellationToken.None));
    }

    [Fact]
    public async Task AJsonBodyServedAsTextIsReadAsTheSpecSays()
    {
        using var core = Core(_ => new StringContent("[1,2]", Encoding.UTF8, "text/plain"));
        var converter = new ListJsonConverter<int>(System.Text.Json.Serialization.Metadata.JsonMetadataServices.Int32Converter, itemNullable: false);

        Assert.Equal([1, 2], await core.SendForJsonAsync(new ApiRequest("GET", "/numbers"), [], converter, null, CancellationToken.None));
    }

    [Fact]
    public async Task ANonJsonTextWhereJsonIsDeclaredIsReportedWithItsBody()
    {
        using var core = Core(_ => new StringContent("Directory not found", Encoding.UTF8, "text/plain"));
        var converter = new ListJsonConverter<int>(System.Text.Json.Serialization.Metadata.JsonMetadataServices.Int32Converter, itemNullable: false);

        var exception = await Assert.ThrowsAsync<ApiException>(() => core.SendForJsonAsync(new ApiRequest("GET", "/numbers"), [], converter, null, CancellationToken.None));

        Assert.Equal("Directory not found", exception.Body);
        Assert.Contains("does not match the spec", exception.Message);
    }

    private static async Task<ApiFileResponse> DownloadAsync(Action<HttpContent> decorate)
    {
        var core = Core(_ =>
        {
            var content = new ByteArrayContent([1, 2, 3]);
            decorate(content);
            return content;
        });
        return await core.SendForFileAsync(new ApiRequest("GET", "/view"), [], null, CancellationToken.None);
    }

    private static ApiClientCore Core(Func<HttpRequestMessage, HttpContent> respond) =>
        new(new HttpClient(new Handler(request => new HttpResponseMessage(HttpStatusCode.OK) { Content = respond(request) })), new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/") }, null);

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(respond(request));
    }
}
