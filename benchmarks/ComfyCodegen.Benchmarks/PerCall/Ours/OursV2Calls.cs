using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using ComfyCodegen.Benchmarks.Ours.V2;
using ComfyCodegen.Runtime;

namespace ComfyCodegen.Benchmarks.PerCall.Ours;

/// <summary>Our generated Comfy API v2 client, as a user writes the three calls.</summary>
public sealed class OursV2Calls : IV2Calls
{
    private readonly ComfyApiV2Client _client;

    public OursV2Calls(CannedHandler handler) =>
        _client = new ComfyApiV2Client(new HttpClient(handler, disposeHandler: false), new ApiClientOptions { BaseAddress = CannedHandler.BaseAddress });

    public async Task<long> GetAssetAsync() => (await _client.GetAssetAsync(CannedResponses.AssetId).ConfigureAwait(false)).SizeBytes;

    public async Task<int> GetJobAsync() => (await _client.GetJobAsync(CannedResponses.JobId).ConfigureAwait(false)).Outputs.Count;

    public async Task<long> UploadAssetAsync(Stream file)
    {
        var request = new PostAssetsRequest
        {
            File = new ApiFile(file, "upload.bin", "application/octet-stream"),
            ContentType = "application/octet-stream",
            FilePath = "inputs/upload.bin",
        };
        return (await _client.PostAssetsAsync(request).ConfigureAwait(false)).Value.SizeBytes;
    }
}
