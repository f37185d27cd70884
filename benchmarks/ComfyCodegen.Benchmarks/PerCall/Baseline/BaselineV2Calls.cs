using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace ComfyCodegen.Benchmarks.PerCall.Baseline;

/// <summary>The floor for the v2 calls: HttpClient and a source-generated System.Text.Json context, by hand.</summary>
public sealed class BaselineV2Calls : IV2Calls
{
    private readonly HttpClient _http;

    public BaselineV2Calls(CannedHandler handler) =>
        _http = new HttpClient(handler, disposeHandler: false) { BaseAddress = CannedHandler.BaseAddress };

    public async Task<long> GetAssetAsync()
    {
        var asset = await _http.GetFromJsonAsync("api/v2/assets/" + CannedResponses.AssetId, BaselineJsonContext.Default.V2Asset).ConfigureAwait(false);
        return asset!.SizeBytes;
    }

    public async Task<int> GetJobAsync()
    {
        var job = await _http.GetFromJsonAsync("api/v2/jobs/" + CannedResponses.JobId, BaselineJsonContext.Default.V2Job).ConfigureAwait(false);
        return job!.Outputs.Count;
    }

    public async Task<long> UploadAssetAsync(Stream file)
    {
        using var form = new MultipartFormDataContent();
        var filePart = new StreamContent(file);
        filePart.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(filePart, "file", "upload.bin");
        form.Add(new StringContent("application/octet-stream"), "content_type");
        form.Add(new StringContent("inputs/upload.bin"), "file_path");
        using var response = await _http.PostAsync("api/v2/assets", form).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var asset = await response.Content.ReadFromJsonAsync(BaselineJsonContext.Default.V2Asset).ConfigureAwait(false);
        return asset!.SizeBytes;
    }
}
