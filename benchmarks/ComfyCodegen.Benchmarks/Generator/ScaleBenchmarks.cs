using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// How the full generator run grows with the spec: synthetic specs of 100, 1,000 and 5,000 operations (proportional
/// schemas). The raw YAML load of each is measured beside it, so the growth of the floor is visible too.
/// </summary>
[MemoryDiagnoser]
public class ScaleBenchmarks
{
    private string _text = null!;
    private CSharpCompilation _consumer = null!;

    [Params(100, 1000, 5000)]
    public int Operations { get; set; } = 100;

    [GlobalSetup]
    public void Setup()
    {
        _text = SyntheticSpec.Create(Operations);
        _consumer = GeneratorInputs.Consumer();
        var result = GeneratorInputs.ColdDriver(new[] { GeneratorInputs.Spec("synthetic.yaml", _text) }).RunGenerators(_consumer).GetRunResult();
        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                throw new System.InvalidOperationException($"The synthetic spec of {Operations} operations does not generate: {diagnostic}");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "raw YAML load (SharpYaml)")]
    public int RawYamlLoad() => GeneratorInputs.RawYamlLoad(_text);

    [Benchmark(Description = "ComfyCodegen: full run, cold driver")]
    public int FullRun() =>
        GeneratorInputs.ColdDriver(new[] { GeneratorInputs.Spec("synthetic.yaml", _text) }).RunGenerators(_consumer).GetRunResult().GeneratedTrees.Length;
}
