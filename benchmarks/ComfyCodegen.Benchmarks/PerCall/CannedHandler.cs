using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.Benchmarks.PerCall;

/// <summary>
/// An in-memory server: answers each request with canned bytes chosen by method and path prefix, no sockets. It reads
/// a request body to its end first, as a server would, so an upload costs what producing its bytes costs. Every client
/// in a benchmark shares one handler, so the only difference measured is the client's own work.
/// </summary>
public sealed class CannedHandler : HttpMessageHandler
{
    private readonly List<(HttpMethod Method, string PathPrefix, int Status, string ContentType, byte[] Body)> _answers = new();

    /// <summary>The base address every client is given.</summary>
    public static Uri BaseAddress { get; } = new("http://comfy.invalid/");

    /// <summary>How many request body bytes the handler has read (a check that uploads really sent their bytes).</summary>
    public long RequestBytes { get; private set; }

    /// <summary>Answers <paramref name="method"/> requests whose path starts with <paramref name="pathPrefix"/>.</summary>
    public CannedHandler Answer(HttpMethod method, string pathPrefix, byte[] body, int status = 200, string contentType = "application/json")
    {
        _answers.Add((method, pathPrefix, status, contentType, body));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            var stream = await request.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            RequestBytes += await DrainAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var path = request.RequestUri!.AbsolutePath;
        foreach (var answer in _answers)
        {
            if (answer.Method == request.Method && path.StartsWith(answer.PathPrefix, StringComparison.Ordinal))
            {
                var content = new ByteArrayContent(answer.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue(answer.ContentType) { CharSet = answer.ContentType.StartsWith("application/json", StringComparison.Ordinal) ? "utf-8" : null };
                return new HttpResponseMessage((HttpStatusCode)answer.Status) { Content = content, RequestMessage = request };
            }
        }

        throw new InvalidOperationException($"The canned server has no answer for {request.Method} {path}.");
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    private static readonly byte[] Sink = new byte[81920];

    private static async Task<long> DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(Sink, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }
}
