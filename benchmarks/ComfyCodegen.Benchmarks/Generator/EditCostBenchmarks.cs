using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ComfyCodegen.Cli;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// What a one-line spec edit costs the consumer of the three Comfy specs, against a cold build: the generator re-run
/// from the state of the previous run (the edited spec parsed again, only the files whose text changed passed on),
/// then the compile. The compile is measured two ways: emitting the whole assembly again (what a command-line build
/// does, since csc keeps no state between builds) and the declaration diagnostics an IDE asks for on an edit.
/// </summary>
[MemoryDiagnoser]
[IterationCount(20)]
public class EditCostBenchmarks
{
    private const string Line = "description: True if a new asset was created, false if an existing one was returned";

    private SpecFile[] _specs = null!;
    private SpecFile _edited = null!;
    private GeneratorDriver _warm = null!;
    private AdditionalText _cloudText = null!;
    private CSharpCompilation _consumer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _specs = new[] { "openapi-cloud.yaml", "comfy-api-v2.yaml", "comfyui.yaml" }
            .Select(name => GeneratorInputs.Spec(name, GeneratorInputs.ReadSpec(name))).ToArray();
        if (!_specs[0].Text.Contains(Line))
        {
            throw new System.InvalidOperationException("The line to edit is not in the Cloud spec any more.");
        }

        _edited = _specs[0] with { Text = _specs[0].Text.Replace(Line, "description: True when this upload created the asset") };
        _consumer = GeneratorInputs.Compilation("namespace Consumer; public static class Program { public static int Main() => 0; }");
        _warm = GeneratorInputs.ColdDriver(_specs, out var texts).RunGenerators(_consumer);
        _cloudText = texts[0];
    }

    [Benchmark(Baseline = true, Description = "cold: generator run + full compile")]
    public long Cold()
    {
        GeneratorInputs.ColdDriver(_specs).RunGeneratorsAndUpdateCompilation(_consumer, out var output, out _);
        return GeneratorInputs.Emit(output);
    }

    [Benchmark(Description = "edit: generator re-run + full compile")]
    public long EditThenCompile() => GeneratorInputs.Emit(Edit());

    [Benchmark(Description = "edit: generator re-run + declaration diagnostics")]
    public int EditThenDeclarations() => Edit().GetDeclarationDiagnostics().Length;

    [Benchmark(Description = "edit: generator re-run alone")]
    public Compilation EditAlone() => Edit();

    private Compilation Edit()
    {
        _warm.ReplaceAdditionalText(_cloudText, GeneratorHost.CreateText(_edited)).RunGeneratorsAndUpdateCompilation(_consumer, out var output, out _);
        return output;
    }
}
