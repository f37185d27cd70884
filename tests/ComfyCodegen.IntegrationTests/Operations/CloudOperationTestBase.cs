using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Operations;

/// <summary>
/// A fresh fake Comfy Cloud and a generated client (with its own HttpClient, as a user creates it) per test, plus the
/// helpers every operation test uses to look at the wire.
/// </summary>
public abstract class CloudOperationTestBase : IAsyncLifetime
{
    /// <summary>The classic 1×1 PNG (valid header and IHDR).</summary>
    protected static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>A two-node ComfyUI workflow: node "9" (SaveImage) is the output node.</summary>
    protected const string WorkflowJson =
        """{"3":{"class_type":"KSampler","inputs":{"seed":1}},"9":{"class_type":"SaveImage","inputs":{"filename_prefix":"ComfyUI"}}}""";

    protected FakeComfyCloud Cloud { get; private set; } = null!;

    protected ComfyCloudClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cloud = await FakeComfyCloud.StartAsync();
        Client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = Cloud.BaseAddress, ApiKey = Cloud.ApiKey });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Cloud.DisposeAsync();
    }

    /// <summary>A client of the same server with another key (null: no key at all).</summary>
    protected ComfyCloudClient ClientWithKey(string? apiKey) =>
        new(new ApiClientOptions { BaseAddress = Cloud.BaseAddress, ApiKey = apiKey });

    /// <summary>The only request the server saw since the last <see cref="FakeComfyCloud.ClearRequests"/>.</summary>
    protected RecordedRequest SingleRequest() => Assert.Single(Cloud.Requests);

    protected void AssertKeySent(RecordedRequest request) => Assert.Equal(Cloud.ApiKey, request.Headers["X-API-Key"]);

    protected static void AssertNoKeySent(RecordedRequest request) => Assert.False(request.Headers.ContainsKey("X-API-Key"));

    /// <summary>Method, raw path and raw query of a request exactly.</summary>
    protected static void AssertTarget(RecordedRequest request, string method, string path, string query = "")
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(path, request.Path);
        Assert.Equal(query, request.QueryString);
    }

    /// <summary>A request without a body (GET, HEAD, DELETE without content, POST without content).</summary>
    protected static void AssertNoBody(RecordedRequest request)
    {
        Assert.Equal(0, request.BodyLength);
        Assert.False(request.Headers.ContainsKey("Content-Type"));
    }

    /// <summary>A JSON body: exactly <paramref name="expectedJson"/>, sent as application/json; charset=utf-8.</summary>
    protected static void AssertJsonBody(RecordedRequest request, string expectedJson)
    {
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal(expectedJson, BodyText(request));
        Assert.Equal(Encoding.UTF8.GetByteCount(expectedJson), request.BodyLength);
    }

    protected static string BodyText(RecordedRequest request) => Encoding.UTF8.GetString(request.Body);

    /// <summary>The boundary of a multipart/form-data request (its Content-Type must say so).</summary>
    protected static string MultipartBoundary(RecordedRequest request)
    {
        string contentType = request.Headers["Content-Type"];
        Assert.StartsWith("multipart/form-data; boundary=", contentType, StringComparison.Ordinal);
        return contentType["multipart/form-data; boundary=".Length..].Trim('"');
    }

    /// <summary>The multipart parts of a recorded body: Content-Disposition name → (headers, content bytes), in order.</summary>
    protected static IReadOnlyList<(string Name, string Headers, byte[] Content)> MultipartParts(RecordedRequest request)
    {
        string boundary = MultipartBoundary(request);
        byte[] body = request.Body;
        byte[] delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var starts = new List<int>();
        for (int i = IndexOf(body, delimiter, 0); i >= 0; i = IndexOf(body, delimiter, i + delimiter.Length))
        {
            starts.Add(i);
        }

        Assert.True(starts.Count >= 2, "the body has no multipart delimiters");
        string closing = Encoding.ASCII.GetString(body, starts[^1], Math.Min(delimiter.Length + 2, body.Length - starts[^1]));
        Assert.Equal("--" + boundary + "--", closing);

        var parts = new List<(string, string, byte[])>();
        for (int p = 0; p < starts.Count - 1; p++)
        {
            int begin = starts[p] + delimiter.Length + 2; // delimiter + CRLF
            int end = starts[p + 1] - 2;                  // CRLF before the next delimiter
            int headerEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), begin);
            Assert.True(headerEnd >= 0 && headerEnd < end, "a multipart part has no header block");
            string headers = Encoding.UTF8.GetString(body, begin, headerEnd - begin);
            byte[] content = body[(headerEnd + 4)..end];
            string disposition = headers.Split("\r\n").Single(h => h.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase));
            string name = disposition.Split(';').Select(s => s.Trim()).Single(s => s.StartsWith("name=", StringComparison.Ordinal))["name=".Length..].Trim('"');
            parts.Add((name, headers, content));
        }

        return parts;
    }

    protected static string PartText(IReadOnlyList<(string Name, string Headers, byte[] Content)> parts, string name) =>
        Encoding.UTF8.GetString(Assert.Single(parts, p => p.Name == name).Content);

    protected static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A distinct small PNG: <see cref="TinyPng"/> followed by a marker (the fake only reads the header).</summary>
    protected static byte[] PngWithMarker(string marker) => TinyPng.Concat(Encoding.ASCII.GetBytes(marker)).ToArray();

    /// <summary>A PNG header claiming <paramref name="width"/>×<paramref name="height"/> pixels (for the size limits).</summary>
    protected static byte[] PngHeader(int width, int height)
    {
        byte[] png = (byte[])TinyPng.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        return png;
    }

    /// <summary>Queues <see cref="WorkflowJson"/> through the client (optionally with a workflow id) and forgets the request.</summary>
    protected async Task<Guid> QueuePromptAsync(string? workflowId = null)
    {
        var request = new PromptRequest
        {
            Prompt = Json(WorkflowJson),
            ExtraData = workflowId is null ? null : Json($$$$"""{"extra_pnginfo":{"workflow":{"id":"{{{{workflowId}}}}"}}}"""),
        };
        PromptResponse response = await Client.ExecutePromptAsync(request);
        Cloud.ClearRequests();
        return Assert.NotNull(response.PromptId);
    }

    protected static void AssertCloseTo(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True(Math.Abs((expected - actual).TotalMilliseconds) < 1.5, $"expected {expected:O}, got {actual:O}");

    private static int IndexOf(byte[] haystack, byte[] needle, int start)
    {
        for (int i = start; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
