using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace ComfyCodegen.Benchmarks.PerCall.Baseline;

/// <summary>
/// The floor for the Cloud calls: what a careful developer writes by hand with HttpClient and a source-generated
/// System.Text.Json context, sending the same requests our client sends (the same query string, the escaped path).
/// </summary>
public sealed class BaselineCloudCalls : ICloudCalls
{
    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    private readonly HttpClient _http;

    public BaselineCloudCalls(CannedHandler handler) =>
        _http = new HttpClient(handler, disposeHandler: false) { BaseAddress = CannedHandler.BaseAddress };

    public async Task<int> ListTagsAsync()
    {
        var page = await _http.GetFromJsonAsync("api/tags?limit=100&offset=0&include_zero=false&include_public=true", BaselineJsonContext.Default.ListTagsResponse).ConfigureAwait(false);
        return page!.Tags.Count;
    }

    public async Task<int> ListAssetsAsync()
    {
        var page = await _http.GetFromJsonAsync("api/assets?limit=20&offset=0&include_public=true", BaselineJsonContext.Default.ListAssetsResponse).ConfigureAwait(false);
        return page!.Assets.Count;
    }

    public async Task<long> UploadUserdataAsync(Stream content)
    {
        using var body = new StreamContent(content);
        body.Headers.ContentType = OctetStream;
        using var response = await _http.PostAsync("api/userdata/bench%2Fupload.bin", body).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stored = await response.Content.ReadFromJsonAsync(BaselineJsonContext.Default.UserDataResponseFull).ConfigureAwait(false);
        return stored!.Size ?? -1;
    }
}
