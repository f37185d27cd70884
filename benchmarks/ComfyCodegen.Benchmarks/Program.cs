using System;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ComfyCodegen.Benchmarks.PerCall;
using ComfyCodegen.Benchmarks.PerCall.Baseline;
using ComfyCodegen.Benchmarks.PerCall.Ours;
using ComfyCodegen.Benchmarks.PerCall.Peers;
using Perfolizer.Horology;

namespace ComfyCodegen.Benchmarks;

/// <summary>
/// Runs the suite (BenchmarkDotNet's switcher: pass --filter '*' for all, or a class name), or with --check only
/// verifies that every client in the per-call benchmarks reads the canned answers right, or with --surface DIR measures
/// how much of a generated client is its public surface (<see cref="Generator.PublicSurface"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--check"))
        {
            CallChecks.All(
                new Func<CannedHandler, ICloudCalls>[] { h => new BaselineCloudCalls(h), h => new OursCloudCalls(h), h => new KiotaCloudCalls(h) },
                new Func<CannedHandler, IV2Calls>[] { h => new BaselineV2Calls(h), h => new OursV2Calls(h), h => new NSwagV2Calls(h), h => new KiotaV2Calls(h) },
                Console.Out);
            return 0;
        }

        if (args.Length == 2 && args[0] == "--surface")
        {
            return Generator.PublicSurface.Measure(args[1], Console.Out);
        }

        // One launch, few but long-enough iterations: every ratio compares methods measured in the same process, side
        // by side, which is what holds on a noisy 2-core machine; the absolute figures are secondary.
        var job = Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(20)
            .WithIterationTime(TimeInterval.FromMilliseconds(250));
        var config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddColumn(StatisticColumn.Median)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
