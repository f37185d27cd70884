using System.IO;
using System.Threading.Tasks;

namespace ComfyCodegen.Benchmarks.PerCall;

/// <summary>
/// The three Comfy Cloud calls every client in the per-call benchmarks makes, each returning a number read from the
/// answer so the work cannot be skipped. An implementation wraps one client over a <see cref="CannedHandler"/>.
/// </summary>
public interface ICloudCalls
{
    /// <summary>GET /api/tags: returns the number of tags (small JSON).</summary>
    Task<int> ListTagsAsync();

    /// <summary>GET /api/assets: returns the number of assets (1,000 assets, large JSON).</summary>
    Task<int> ListAssetsAsync();

    /// <summary>POST /api/userdata/{file} with an octet-stream body: returns the stored size from the answer.</summary>
    Task<long> UploadUserdataAsync(Stream content);
}

/// <summary>The three Comfy API v2 calls, for the peers whose Cloud client does not compile.</summary>
public interface IV2Calls
{
    /// <summary>GET /api/v2/assets/{id}: returns size_bytes (small JSON).</summary>
    Task<long> GetAssetAsync();

    /// <summary>GET /api/v2/jobs/{id}: returns the number of outputs (1,000 outputs, large JSON).</summary>
    Task<int> GetJobAsync();

    /// <summary>POST /api/v2/assets as multipart/form-data: returns size_bytes from the answer.</summary>
    Task<long> UploadAssetAsync(Stream file);
}
