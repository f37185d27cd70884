using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.AotConsumer;

/// <summary>A request as the in-memory server received it.</summary>
public sealed record ReceivedRequest(HttpMethod Method, string Path, string Query, string? ContentType, byte[] Body, HttpRequestHeaders Headers)
{
    /// <summary>The value of a request header, or null.</summary>
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The body as UTF-8 text (multipart bodies are mostly text here).</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>A canned answer: status, content type and body.</summary>
public sealed record CannedAnswer(int Status, string ContentType, string Body);

/// <summary>
/// An in-memory Comfy server: an <see cref="HttpMessageHandler"/> answering requests by method and exact path with
/// canned bodies, no sockets. It reads each request body to its end, as a server would, and records every request.
/// </summary>
public sealed class InMemoryServer : HttpMessageHandler
{
    private readonly Dictionary<(string Method, string Path), Func<ReceivedRequest, CannedAnswer>> _routes = new();
    private readonly List<ReceivedRequest> _requests = new();

    /// <summary>The base address the clients are given (never resolved: nothing leaves the process).</summary>
    public static Uri BaseAddress { get; } = new("http://comfy.invalid/");

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _requests;

    /// <summary>Answers <paramref name="method"/> requests for exactly <paramref name="path"/>.</summary>
    public InMemoryServer On(HttpMethod method, string path, Func<ReceivedRequest, CannedAnswer> answer)
    {
        _routes[(method.Method, path)] = answer;
        return this;
    }

    /// <summary>Answers with fixed JSON.</summary>
    public InMemoryServer OnJson(HttpMethod method, string path, string json, int status = 200) =>
        On(method, path, _ => new CannedAnswer(status, "application/json", json));

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = Array.Empty<byte>();
        string? contentType = null;
        if (request.Content is not null)
        {
            contentType = request.Content.Headers.ContentType?.ToString();
            using var buffer = new MemoryStream();
            await request.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no address.");
        var received = new ReceivedRequest(request.Method, uri.AbsolutePath, uri.Query, contentType, body, request.Headers);
        _requests.Add(received);

        var answer = _routes.TryGetValue((request.Method.Method, uri.AbsolutePath), out var route)
            ? route(received)
            : new CannedAnswer(404, "application/json", """{"code":"not_found","message":"no canned answer"}""");

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(answer.Body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(answer.ContentType);
        return new HttpResponseMessage((HttpStatusCode)answer.Status) { Content = content, RequestMessage = request };
    }
}
