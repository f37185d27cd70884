using System.IO;
using System.Threading.Tasks;
using Microsoft.Kiota.Abstractions;
using Peers.Kiota.V2;

namespace ComfyCodegen.Benchmarks.PerCall.Peers;

/// <summary>
/// The v2 calls through Kiota's client (generated at build time by the Kiota CLI, default settings), over one
/// request adapter with anonymous authentication (<see cref="KiotaAdapter"/>).
/// </summary>
public sealed class KiotaV2Calls : IV2Calls
{
    private readonly KiotaV2Client _client;

    public KiotaV2Calls(CannedHandler handler) => _client = new KiotaV2Client(KiotaAdapter.Create(handler));

    public async Task<long> GetAssetAsync()
    {
        var asset = await _client.Api.V2.Assets[CannedResponses.AssetId].GetAsync().ConfigureAwait(false);
        return asset!.SizeBytes!.Value;
    }

    public async Task<int> GetJobAsync()
    {
        var job = await _client.Api.V2.Jobs[CannedResponses.JobId].GetAsync().ConfigureAwait(false);
        return job!.Outputs!.Count;
    }

    public async Task<long> UploadAssetAsync(Stream file)
    {
        // Kiota does not type multipart bodies: the generated PostAsync takes an untyped MultipartBody, and the caller
        // names each part and gives its content type itself, from the spec (file, content_type, file_path; none of
        // the optional ones). Kiota then serializes the whole body in memory: the stream is copied to a MemoryStream
        // (synchronously), that to an array, and that into the multipart writer's buffer, before anything is sent.
        var body = new MultipartBody();
        body.AddOrReplacePart("file", "application/octet-stream", file, "upload.bin");
        body.AddOrReplacePart("content_type", "text/plain", "application/octet-stream");
        body.AddOrReplacePart("file_path", "text/plain", "inputs/upload.bin");

        var asset = await _client.Api.V2.Assets.PostAsync(body).ConfigureAwait(false);
        return asset!.SizeBytes!.Value;
    }
}
