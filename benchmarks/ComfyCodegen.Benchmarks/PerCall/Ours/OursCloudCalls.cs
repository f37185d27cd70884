using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using ComfyCodegen.Benchmarks.Ours.Cloud;
using ComfyCodegen.Runtime;

namespace ComfyCodegen.Benchmarks.PerCall.Ours;

/// <summary>Our generated Comfy Cloud client, as a user writes the three calls.</summary>
public sealed class OursCloudCalls : ICloudCalls
{
    private readonly ComfyCloudClient _client;

    public OursCloudCalls(CannedHandler handler) =>
        _client = new ComfyCloudClient(new HttpClient(handler, disposeHandler: false), new ApiClientOptions { BaseAddress = CannedHandler.BaseAddress });

    public async Task<int> ListTagsAsync() => (await _client.ListTagsAsync().ConfigureAwait(false)).Tags.Count;

    public async Task<int> ListAssetsAsync() => (await _client.ListAssetsAsync().ConfigureAwait(false)).Assets.Count;

    public async Task<long> UploadUserdataAsync(Stream content) =>
        (await _client.PostUserdataFileAsync("bench/upload.bin", content).ConfigureAwait(false)).Size ?? -1;
}
