using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ComfyCodegen.Benchmarks.PerCall.Baseline;
using ComfyCodegen.Benchmarks.PerCall.Ours;
using ComfyCodegen.Benchmarks.PerCall.Peers;

namespace ComfyCodegen.Benchmarks.PerCall;

/// <summary>
/// One Comfy API v2 call per invocation through each client, NSwag included: the v2 spec is where NSwag's output
/// compiles. Same scenarios as the Cloud ones: a small answer, a large one (a job with 1,000 outputs), a 1 MiB upload
/// (multipart here).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class V2CallBenchmarks
{
    private IV2Calls _baseline = null!;
    private IV2Calls _ours = null!;
    private IV2Calls _nswag = null!;
    private IV2Calls _kiota = null!;

    [GlobalSetup]
    public void Setup()
    {
        _baseline = new BaselineV2Calls(CannedResponses.V2Handler());
        _ours = new OursV2Calls(CannedResponses.V2Handler());
        _nswag = new NSwagV2Calls(CannedResponses.V2Handler());
        _kiota = new KiotaV2Calls(CannedResponses.V2Handler());
        CallChecks.V2("baseline", _baseline);
        CallChecks.V2("ours", _ours);
        CallChecks.V2("nswag", _nswag);
        CallChecks.V2("kiota", _kiota);
    }

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory("getAsset")]
    public Task<long> GetAssetBaseline() => _baseline.GetAssetAsync();

    [Benchmark(Description = "ComfyCodegen"), BenchmarkCategory("getAsset")]
    public Task<long> GetAssetOurs() => _ours.GetAssetAsync();

    [Benchmark(Description = "NSwag"), BenchmarkCategory("getAsset")]
    public Task<long> GetAssetNSwag() => _nswag.GetAssetAsync();

    [Benchmark(Description = "Kiota"), BenchmarkCategory("getAsset")]
    public Task<long> GetAssetKiota() => _kiota.GetAssetAsync();

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory("getJob 1,000 outputs")]
    public Task<int> GetJobBaseline() => _baseline.GetJobAsync();

    [Benchmark(Description = "ComfyCodegen"), BenchmarkCategory("getJob 1,000 outputs")]
    public Task<int> GetJobOurs() => _ours.GetJobAsync();

    [Benchmark(Description = "NSwag"), BenchmarkCategory("getJob 1,000 outputs")]
    public Task<int> GetJobNSwag() => _nswag.GetJobAsync();

    [Benchmark(Description = "Kiota"), BenchmarkCategory("getJob 1,000 outputs")]
    public Task<int> GetJobKiota() => _kiota.GetJobAsync();

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory("postAssets 1 MiB")]
    public Task<long> UploadBaseline() => _baseline.UploadAssetAsync(CannedResponses.NewUploadStream());

    [Benchmark(Description = "ComfyCodegen"), BenchmarkCategory("postAssets 1 MiB")]
    public Task<long> UploadOurs() => _ours.UploadAssetAsync(CannedResponses.NewUploadStream());

    [Benchmark(Description = "NSwag"), BenchmarkCategory("postAssets 1 MiB")]
    public Task<long> UploadNSwag() => _nswag.UploadAssetAsync(CannedResponses.NewUploadStream());

    [Benchmark(Description = "Kiota"), BenchmarkCategory("postAssets 1 MiB")]
    public Task<long> UploadKiota() => _kiota.UploadAssetAsync(CannedResponses.NewUploadStream());
}
