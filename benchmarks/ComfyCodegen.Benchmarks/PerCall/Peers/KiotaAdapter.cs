using System.Net.Http;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace ComfyCodegen.Benchmarks.PerCall.Peers;

/// <summary>Kiota's request adapter over the canned server, set up as Kiota's docs set a client up.</summary>
internal static class KiotaAdapter
{
    public static IRequestAdapter Create(CannedHandler handler)
    {
        var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = CannedHandler.BaseAddress };

        // Kiota's URL templates are "{+baseurl}/api/...": the base URL goes without its trailing slash. It must be set
        // before the client is made, which copies it (else the client puts in the spec's first server).
        return new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = CannedHandler.BaseAddress.AbsoluteUri.TrimEnd('/'),
        };
    }
}
