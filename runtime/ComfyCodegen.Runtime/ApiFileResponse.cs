using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;

namespace ComfyCodegen.Runtime;

/// <summary>
/// A binary response read as it arrives: <see cref="Content"/> streams from the network, nothing is buffered.
/// Dispose it to release the connection.
/// </summary>
public sealed class ApiFileResponse : IDisposable, IAsyncDisposable
{
    private readonly HttpResponseMessage _response;

    internal ApiFileResponse(HttpResponseMessage response, Stream content)
    {
        _response = response;
        Content = content;
    }

    /// <summary>The body.</summary>
    public Stream Content { get; }

    /// <summary>The status code.</summary>
    public int StatusCode => (int)_response.StatusCode;

    /// <summary>The media type, e.g. image/png.</summary>
    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>The length the server declared, if it did.</summary>
    public long? ContentLength => _response.Content.Headers.ContentLength;

    /// <summary>
    /// The file name from Content-Disposition (filename* preferred), if given; only its last path segment. Read
    /// leniently: ComfyUI's <c>filename="x.png"</c>, without a disposition type, counts too.
    /// </summary>
    public string? FileName =>
        _response.Content.Headers.NonValidated.TryGetValues("Content-Disposition", out var values)
            ? ContentDispositionFileName.Parse(values.ToString())
            : null;

    /// <inheritdoc />
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
