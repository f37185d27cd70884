using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ComfyCodegen.Cli;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// Issue 14's goal 3 side by side: a consumer's compile of the three Comfy clients as another revision of the
/// generator wrote them (the baseline: its sources, against its own runtime) and as this one writes them, both as plain
/// sources, parsed, bound and emitted to memory in one run. <c>benchmarks/baseline-compile.sh REV</c> prepares the
/// baseline (a worktree at REV, its CLI, its output and its runtime) and runs this class; run alone, it says so.
/// </summary>
[MemoryDiagnoser]
[IterationCount(20)]
public class BaselineCompileBenchmarks
{
    /// <summary>The directory the script fills: src/ (the baseline's generated files) and bin/ (its runtime assemblies).</summary>
    public const string DirectoryVariable = "COMFY_BASELINE_DIR";

    private static readonly string[] SpecNames = { "openapi-cloud.yaml", "comfy-api-v2.yaml", "comfyui.yaml" };

    private SyntaxTree[] _baselineTrees = null!;
    private MetadataReference[] _baselineReferences = null!;
    private SyntaxTree[] _currentTrees = null!;
    private SyntaxTree[] _hollowTrees = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(Path.Combine(directory, "src")))
        {
            throw new InvalidOperationException($"{DirectoryVariable} names no baseline: run benchmarks/baseline-compile.sh REV, which prepares one and runs this class.");
        }

        // Texts are read once; each compile parses them again, as a build does.
        _baselineTrees = Parse(Directory.GetFiles(Path.Combine(directory, "src"), "*.cs", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).Select(File.ReadAllText));
        var bin = Path.Combine(directory, "bin");
        _baselineReferences = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Concat(Directory.GetFiles(bin, "*.dll").Select(path => MetadataReference.CreateFromFile(path)))
            .ToArray();

        var specs = SpecNames.Select(name => GeneratorInputs.Spec(name, GeneratorInputs.ReadSpec(name))).ToArray();
        var result = GeneratorInputs.ColdDriver(specs).RunGenerators(GeneratorInputs.Compilation()).GetRunResult();
        _currentTrees = Parse(result.GeneratedTrees.Select(tree => tree.ToString()));
        _hollowTrees = Parse(_currentTrees.Select(tree => HollowSources.Hollow(tree).ToString()));

        Console.WriteLine($"// baseline: {_baselineTrees.Length} files, {_baselineTrees.Sum(t => t.Length):N0} characters; current: {_currentTrees.Length} files, {_currentTrees.Sum(t => t.Length):N0} characters");
        GeneratorInputs.EnsureBuilds(Compile(_baselineTrees, _baselineReferences), "The baseline sources");
        GeneratorInputs.EnsureBuilds(Compile(_currentTrees, GeneratorHost.References.ToArray()), "This revision's sources");
        GeneratorInputs.EnsureBuilds(Compile(_hollowTrees, GeneratorHost.References.ToArray()), "This revision's sources, hollowed");
    }

    [Benchmark(Baseline = true, Description = "compile: the baseline revision's output")]
    public long Baseline() => GeneratorInputs.Emit(Compile(Reparse(_baselineTrees), _baselineReferences));

    [Benchmark(Description = "compile: this revision's output")]
    public long Current() => GeneratorInputs.Emit(Compile(Reparse(_currentTrees), GeneratorHost.References.ToArray()));

    /// <summary>The same output with no implementation (<see cref="HollowSources"/>): what its declarations and docs cost.</summary>
    [Benchmark(Description = "floor: this revision's output, every body 'throw null!'")]
    public long Hollow() => GeneratorInputs.Emit(Compile(Reparse(_hollowTrees), GeneratorHost.References.ToArray()));

    private static SyntaxTree[] Parse(System.Collections.Generic.IEnumerable<string> texts) =>
        texts.Select(text => CSharpSyntaxTree.ParseText(text, GeneratorInputs.BuildParseOptions)).ToArray();

    /// <summary>New trees of the same texts: nothing parsed or bound is carried from one compile to the next.</summary>
    private static SyntaxTree[] Reparse(SyntaxTree[] trees) =>
        trees.Select(tree => CSharpSyntaxTree.ParseText(tree.GetText(), GeneratorInputs.BuildParseOptions)).ToArray();

    private static CSharpCompilation Compile(SyntaxTree[] trees, MetadataReference[] references) =>
        CSharpCompilation.Create(
            "Consumer",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
}
