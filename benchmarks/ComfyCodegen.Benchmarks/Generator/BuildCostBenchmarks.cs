using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ComfyCodegen.Cli;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

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
        EmitChecked(WithGenerator(), "with the generator");
        EmitChecked(WithPlainSources(), "with plain sources");
    }

    [Benchmark(Baseline = true, Description = "compile: generated files as plain sources")]
    public long PlainSources() => Emit(WithPlainSources());

    [Benchmark(Description = "compile: with the generator")]
    public long WithGeneratorRun() => Emit(WithGenerator());

    private static CSharpCompilation Consumer(params string[] extra) =>
        GeneratorInputs.Compilation(new[] { ConsumerProgram }.Concat(extra).ToArray());

    private Compilation WithGenerator()
    {
        GeneratorInputs.ColdDriver(_specs).RunGeneratorsAndUpdateCompilation(Consumer(), out var output, out _);
        return output;
    }

    private Compilation WithPlainSources() => Consumer(_generatedSources);

    private static long Emit(Compilation compilation)
    {
        using var peStream = new MemoryStream();
        var result = compilation.Emit(peStream);
        return result.Success ? peStream.Length : -1;
    }

    private static void EmitChecked(Compilation compilation, string what)
    {
        using var peStream = new MemoryStream();
        EmitResult result = compilation.Emit(peStream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (!result.Success || errors.Count > 0)
        {
            throw new System.InvalidOperationException($"The consumer does not build {what}: {string.Join("; ", errors)}");
        }
    }

    private const string ConsumerProgram = """
        namespace Consumer;

        public static class Usage
        {
            public static System.Threading.Tasks.Task<Consumer.OpenapiCloud.ListTagsResponse> Tags(Consumer.OpenapiCloud.IComfyClient client) => client.ListTagsAsync();
        }
        """;
}
