using System.IO;
using System.Threading.Tasks;
using Peers.Kiota.Cloud;

namespace ComfyCodegen.Benchmarks.PerCall.Peers;

/// <summary>
/// The Cloud calls through Kiota's client (generated at build time by the Kiota CLI, default settings), over one
/// request adapter with anonymous authentication (<see cref="KiotaAdapter"/>).
/// </summary>
public sealed class KiotaCloudCalls : ICloudCalls
{
    private readonly KiotaCloudClient _client;

    public KiotaCloudCalls(CannedHandler handler) => _client = new KiotaCloudClient(KiotaAdapter.Create(handler));

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
