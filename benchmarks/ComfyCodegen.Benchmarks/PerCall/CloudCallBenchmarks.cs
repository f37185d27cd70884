using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ComfyCodegen.Benchmarks.PerCall.Baseline;
using ComfyCodegen.Benchmarks.PerCall.Ours;
using ComfyCodegen.Benchmarks.PerCall.Peers;

namespace ComfyCodegen.Benchmarks.PerCall;

/// <summary>
/// One Comfy Cloud call per invocation through each client over the same in-memory server. Baseline per scenario:
/// hand-written HttpClient + System.Text.Json source generation. NSwag is absent: its Cloud client does not compile
/// (see <see cref="V2CallBenchmarks"/> and benchmarks/README.md).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CloudCallBenchmarks
{
    private ICloudCalls _baseline = null!;
    private ICloudCalls _ours = null!;
    private ICloudCalls _kiota = null!;

    [GlobalSetup]
    public void Setup()
    {
        _baseline = new BaselineCloudCalls(CannedResponses.CloudHandler());
        _ours = new OursCloudCalls(CannedResponses.CloudHandler());
        _kiota = new KiotaCloudCalls(CannedResponses.CloudHandler());
        CallChecks.Cloud("baseline", _baseline);
        CallChecks.Cloud("ours", _ours);
        CallChecks.Cloud("kiota", _kiota);
    }

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory("listTags")]
    public Task<int> ListTagsBaseline() => _baseline.ListTagsAsync();

    [Benchmark(Description = "ComfyCodegen"), BenchmarkCategory("listTags")]
    public Task<int> ListTagsOurs() => _ours.ListTagsAsync();

    [Benchmark(Description = "Kiota"), BenchmarkCategory("listTags")]
    public Task<int> ListTagsKiota() => _kiota.ListTagsAsync();

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory("listAssets 1,000")]
    public Task<int> ListAssetsBaseline() => _baseline.ListAssetsAsync();

    [Benchmark(Description = "ComfyCodegen"), BenchmarkCategory("listAssets 1,000")]
    public Task<int> ListAssetsOurs() => _ours.ListAssetsAsync();

    [Benchmark(Description = "Kiota"), BenchmarkCategory("listAssets 1,000")]
    public Task<int> ListAssetsKiota() => _kiota.ListAssetsAsync();

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory("upload 1 MiB")]
    public Task<long> UploadBaseline() => _baseline.UploadUserdataAsync(CannedResponses.NewUploadStream());

    [Benchmark(Description = "ComfyCodegen"), BenchmarkCategory("upload 1 MiB")]
    public Task<long> UploadOurs() => _ours.UploadUserdataAsync(CannedResponses.NewUploadStream());

    [Benchmark(Description = "Kiota"), BenchmarkCategory("upload 1 MiB")]
    public Task<long> UploadKiota() => _kiota.UploadUserdataAsync(CannedResponses.NewUploadStream());
}
