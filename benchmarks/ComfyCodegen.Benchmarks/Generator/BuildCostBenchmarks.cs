using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ComfyCodegen.Cli;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// What the generator adds to a build: compiling a consumer of the three Comfy specs with the generator (a cold
/// driver, as in a first build) against compiling the same consumer with the generated files added as plain sources.
/// Both parse, bind and emit the same code to an in-memory assembly; the difference is the generator's run. MSBuild's
/// own per-project overhead, the same on both sides, is left out so it cannot hide the ratio.
/// </summary>
[MemoryDiagnoser]
[IterationCount(30)] // Each compile takes seconds and the difference is a few percent: more samples than the rest.
public class BuildCostBenchmarks
{
    private static readonly string[] SpecNames = { "openapi-cloud.yaml", "comfy-api-v2.yaml", "comfyui.yaml" };

    private SpecFile[] _specs = null!;
    private string[] _generatedSources = null!;

    [GlobalSetup]
    public void Setup()
    {
        _specs = SpecNames.Select(name => GeneratorInputs.Spec(name, GeneratorInputs.ReadSpec(name))).ToArray();
        var result = GeneratorInputs.ColdDriver(_specs).RunGenerators(Consumer()).GetRunResult();
        _generatedSources = result.GeneratedTrees.Select(tree => tree.ToString()).ToArray();
        if (_generatedSources.Length < 100)
        {
            throw new System.InvalidOperationException("The generator did not produce the three clients.");
        }

        // Both sides must build, without errors, the same program.
        GeneratorInputs.EnsureBuilds(WithGenerator(), "The consumer with the generator");
        GeneratorInputs.EnsureBuilds(WithPlainSources(), "The consumer with plain sources");
    }

    [Benchmark(Baseline = true, Description = "compile: generated files as plain sources")]
    public long PlainSources() => GeneratorInputs.Emit(WithPlainSources());

    [Benchmark(Description = "compile: with the generator")]
    public long WithGeneratorRun() => GeneratorInputs.Emit(WithGenerator());

    private static CSharpCompilation Consumer(params string[] extra) =>
        GeneratorInputs.Compilation(new[] { ConsumerProgram }.Concat(extra).ToArray());

    private Compilation WithGenerator()
    {
        GeneratorInputs.ColdDriver(_specs).RunGeneratorsAndUpdateCompilation(Consumer(), out var output, out _);
        return output;
    }

    private Compilation WithPlainSources() => Consumer(_generatedSources);

    private const string ConsumerProgram = """
        namespace Consumer;

        public static class Usage
        {
            public static System.Threading.Tasks.Task<Consumer.OpenapiCloud.ListTagsResponse> Tags(Consumer.OpenapiCloud.IComfyClient client) => client.ListTagsAsync();
        }
        """;
}
