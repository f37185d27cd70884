using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Peers.NSwag.V2;

namespace ComfyCodegen.Benchmarks.PerCall.Peers;

/// <summary>
/// The v2 calls through NSwag's client (generated at build time by the NSwag CLI, default settings: Newtonsoft.Json,
/// injected HttpClient).
/// </summary>
public sealed class NSwagV2Calls : IV2Calls
{
    /// <summary>
    /// The value sent as expected_hash (see <see cref="UploadAssetAsync"/>); the canned server does not check it.
    /// </summary>
    private const string ExpectedHash = "blake3:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly NSwagV2Client _client;

    public NSwagV2Calls(CannedHandler handler)
    {
        var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = CannedHandler.BaseAddress };

        // NSwag's constructor sets BaseUrl to the spec's first server (http://127.0.0.1:8189) and builds absolute URLs
        // from it, so the HttpClient's BaseAddress alone is ignored: the base URL has to be given again here.
        _client = new NSwagV2Client(http) { BaseUrl = CannedHandler.BaseAddress.AbsoluteUri };
    }

    public async Task<long> GetAssetAsync()
    {
        var asset = await _client.GetAssetAsync(CannedResponses.AssetId).ConfigureAwait(false);
        return asset.Size_bytes;
    }

    public async Task<int> GetJobAsync()
    {
        var job = await _client.GetJobAsync(CannedResponses.JobId).ConfigureAwait(false);
        return job.Outputs.Count;
    }

    public async Task<long> UploadAssetAsync(Stream file)
    {
        // NSwag makes every multipart field a positional parameter and throws ArgumentNullException for any that is
        // null, the optional ones included (expected_hash, tags, expires_in; GenerateOptionalParameters=true only gives
        // them a null default, which throws the same), so an upload cannot leave them out. A real caller would have to
        // hash the file with blake3 first (the server compares and answers 409 on a mismatch) and choose a retention;
        // here a fixed hash and one day stand in, adding two small parts to the body. An empty tag list sends no part.
        var asset = await _client.PostAssetsAsync(
            idempotency_Key: null,
            file: new FileParameter(file, "upload.bin", "application/octet-stream"),
            content_type: "application/octet-stream",
            file_path: "inputs/upload.bin",
            expected_hash: ExpectedHash,
            tags: Array.Empty<string>(),
            expires_in: 86_400).ConfigureAwait(false);
        return asset.Size_bytes;
    }
}
