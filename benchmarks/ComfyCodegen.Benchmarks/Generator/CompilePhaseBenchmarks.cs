using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// Where a consumer's compile of the generated code goes (issue 14's goal 3), against the whole compile of the
/// three-spec consumer: parsing and declarations, then the method bodies of each kind of generated file bound on
/// top of them. Every benchmark starts from a new compilation, so nothing is cached between them; a group's share of
/// the binding is its row minus the declarations row. Emit binds the bodies again and lowers them, so the rows do
/// not add up to the baseline.
/// </summary>
[MemoryDiagnoser]
[IterationCount(20)]
public class CompilePhaseBenchmarks
{
    private static readonly string[] SpecNames = { "openapi-cloud.yaml", "comfy-api-v2.yaml", "comfyui.yaml" };

    private (string HintName, string Text)[] _sources = null!;

    [GlobalSetup]
    public void Setup()
    {
        var specs = SpecNames.Select(name => GeneratorInputs.Spec(name, GeneratorInputs.ReadSpec(name))).ToArray();
        var result = GeneratorInputs.ColdDriver(specs).RunGenerators(GeneratorInputs.Consumer()).GetRunResult();
        _sources = result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToArray();
        if (_sources.Length < 100 || new[] { "converters", "models", "clients" }.Any(group => !_sources.Any(s => Group(s.HintName) == group)))
        {
            throw new System.InvalidOperationException("The generator did not produce the three clients.");
        }
    }

    [Benchmark(Baseline = true, Description = "compile: parse, bind, emit")]
    public long Compile() => GeneratorInputs.Emit(NewCompilation());

    [Benchmark(Description = "parse + declarations")]
    public int Declarations() => NewCompilation().GetDeclarationDiagnostics().Length;

    [Benchmark(Description = "… + method bodies of the converters")]
    public int ConverterBodies() => Bodies("converters");

    [Benchmark(Description = "… + method bodies of the models (records, enums, results, events)")]
    public int ModelBodies() => Bodies("models");

    [Benchmark(Description = "… + method bodies of the clients and resolvers")]
    public int ClientBodies() => Bodies("clients");

    /// <summary>Converters are {Client}.Serialization.{Type}.g.cs, models {Client}.Models.{Type}.g.cs; the rest is the client, its resolver and registration.</summary>
    private static string Group(string hintName) =>
        hintName.Contains(".Serialization.") && !hintName.EndsWith(".Serialization.g.cs", System.StringComparison.Ordinal) ? "converters"
        : hintName.Contains(".Models.") ? "models"
        : "clients";

    private int Bodies(string group)
    {
        var compilation = NewCompilation();
        var count = compilation.GetDeclarationDiagnostics().Length;
        var trees = compilation.SyntaxTrees.ToArray();
        for (var i = 0; i < _sources.Length; i++)
        {
            if (Group(_sources[i].HintName) == group)
            {
                count += compilation.GetSemanticModel(trees[i]).GetMethodBodyDiagnostics().Length;
            }
        }

        return count;
    }

    private CSharpCompilation NewCompilation() => GeneratorInputs.Compilation(_sources.Select(s => s.Text).ToArray());
}
