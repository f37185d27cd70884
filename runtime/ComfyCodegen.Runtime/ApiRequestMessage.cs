using System;
using System.Net.Http;

namespace ComfyCodegen.Runtime;

/// <summary>
/// The request messages the client sends: an HttpRequestMessage that also knows whether its body may be sent again
/// and when it was handed to the HttpClient (for the body's share of HttpClient.Timeout). Properties, not entries in
/// Options, whose dictionary would be allocated for every call.
/// </summary>
internal sealed class ApiRequestMessage : HttpRequestMessage
{
    public ApiRequestMessage(HttpMethod method, Uri uri)
        : base(method, uri)
    {
    }

    /// <summary>Whether the body (if any) can be sent a second time; false for a caller's stream.</summary>
    public bool ContentIsReplayable { get; init; }

    /// <summary>When the message was handed to the HttpClient (a Stopwatch timestamp); 0 before.</summary>
    public long SendStarted { get; set; }
}
