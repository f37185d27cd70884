using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Peers.Kiota.Cloud;

namespace ComfyCodegen.Benchmarks.PerCall.Peers;

/// <summary>
/// The Cloud calls through Kiota's client (generated at build time by the Kiota CLI, default settings), over one
/// <see cref="HttpClientRequestAdapter"/> with anonymous authentication, as Kiota's docs set a client up.
/// </summary>
public sealed class KiotaCloudCalls : ICloudCalls
{
    private readonly KiotaCloudClient _client;

    public KiotaCloudCalls(CannedHandler handler)
    {
        var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = CannedHandler.BaseAddress };

        // Kiota's URL templates are "{+baseurl}/api/...": the base URL goes without its trailing slash. It must be set
        // before the client is made, which copies it (else the client puts in the spec's first server).
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = CannedHandler.BaseAddress.AbsoluteUri.TrimEnd('/'),
        };
        _client = new KiotaCloudClient(adapter);
    }

    public async Task<int> ListTagsAsync()
    {
        var answer = await _client.Api.Tags.GetAsync().ConfigureAwait(false);
        return answer!.Tags!.Count;
    }

    public async Task<int> ListAssetsAsync()
    {
        var answer = await _client.Api.Assets.GetAsync().ConfigureAwait(false);
        return answer!.Assets!.Count;
    }

    public async Task<long> UploadUserdataAsync(Stream content)
    {
        // The path parameter is one RFC 6570 simple expansion: Kiota sends "bench%2Fupload.bin".
        var answer = await _client.Api.Userdata["bench/upload.bin"].PostAsync(content).ConfigureAwait(false);

        // The spec's `size` is an integer without a format: Kiota makes it an int?.
        return answer!.Size!.Value;
    }
}
