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
/// then the compile. The compile is measured three ways: emitting the whole assembly again (what a command-line build
/// does, since csc keeps no state between builds), the declaration diagnostics of the whole new compilation, and what
/// an IDE does: it keeps every generated document whose text is unchanged, puts the changed ones into the compilation
/// it already has, and checks those. Three edits are checked that way: a record's description, a new property, and an
/// operation's summary (its group's file).
/// </summary>
[MemoryDiagnoser]
[IterationCount(20)]
public class EditCostBenchmarks
{
    private const string Line = "description: True if a new asset was created, false if an existing one was returned";

    // A one-line edit that changes a schema's shape: AssetCreated gains an optional property (its record and its
    // converter change).
    private const string NewProperty = "\n            created_by: { type: string, description: Who created the asset }";

    // A one-line edit of an operation's doc: its group's file changes (the asset operations), no other.
    private const string Summary = "summary: List tags";

    private SpecFile[] _specs = null!;
    private SpecFile _summarized = null!;
    private SpecFile _edited = null!;
    private SpecFile _reshaped = null!;
    private GeneratorDriver _warm = null!;
    private AdditionalText _cloudText = null!;
    private CSharpCompilation _consumer = null!;
    private Compilation _warmCompilation = null!;
    private Dictionary<string, SyntaxTree> _warmTrees = null!;

    [GlobalSetup]
    public void Setup()
    {
        _specs = new[] { "openapi-cloud.yaml", "comfy-api-v2.yaml", "comfyui.yaml" }
            .Select(name => GeneratorInputs.Spec(name, GeneratorInputs.ReadSpec(name))).ToArray();
        if (!_specs[0].Text.Contains(Line) || !_specs[0].Text.Contains(Summary + "\n"))
        {
            throw new System.InvalidOperationException("The line to edit is not in the Cloud spec any more.");
        }

        _edited = _specs[0] with { Text = _specs[0].Text.Replace(Line, "description: True when this upload created the asset") };
        _reshaped = _specs[0] with { Text = _specs[0].Text.Replace(Line, Line + NewProperty) };
        _summarized = _specs[0] with { Text = _specs[0].Text.Replace(Summary + "\n", "summary: List the tags in use\n") };
        _consumer = GeneratorInputs.Compilation("namespace Consumer; public static class Program { public static int Main() => 0; }");
        _warm = GeneratorInputs.ColdDriver(_specs, out var texts).RunGeneratorsAndUpdateCompilation(_consumer, out _warmCompilation, out _);
        _cloudText = texts[0];
        _warmTrees = _warm.GetRunResult().Results.SelectMany(result => result.GeneratedSources).ToDictionary(source => source.HintName, source => source.SyntaxTree);

        // The first edit changes one description, so one file's text changes; the second a record and its converter;
        // the third the file of an operation group. The benchmark says so, or it measures nothing.
        Expect(ChangedFiles(_edited, out _), "Consumer.OpenapiCloud.ComfyClient.Models.AssetCreated.g.cs");
        Expect(ChangedFiles(_reshaped, out _), "Consumer.OpenapiCloud.ComfyClient.Models.AssetCreated.g.cs", "Consumer.OpenapiCloud.ComfyClient.Serialization.AssetCreated.g.cs");
        Expect(ChangedFiles(_summarized, out _), "Consumer.OpenapiCloud.ComfyClient.Operations.Asset.g.cs");
        if (ChangedFilesDiagnostics(_edited) + ChangedFilesDiagnostics(_reshaped) + ChangedFilesDiagnostics(_summarized) != 0)
        {
            throw new System.InvalidOperationException("The edited files do not compile cleanly.");
        }
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

    [Benchmark(Description = "edit: generator re-run + diagnostics of the changed files, the rest kept")]
    public int EditThenChangedFilesDiagnostics() => ChangedFilesDiagnostics(_edited);

    [Benchmark(Description = "edit adding a property: generator re-run + diagnostics of the changed files, the rest kept")]
    public int ReshapeThenChangedFilesDiagnostics() => ChangedFilesDiagnostics(_reshaped);

    [Benchmark(Description = "edit of an operation's summary: generator re-run + diagnostics of the changed files, the rest kept")]
    public int SummarizeThenChangedFilesDiagnostics() => ChangedFilesDiagnostics(_summarized);

    [Benchmark(Description = "edit: generator re-run alone")]
    public Compilation EditAlone() => Edit();

    private static void Expect(List<SyntaxTree> changed, params string[] files)
    {
        var names = changed.Select(tree => Path.GetFileName(tree.FilePath)).OrderBy(name => name, System.StringComparer.Ordinal).ToArray();
        if (!names.SequenceEqual(files))
        {
            throw new System.InvalidOperationException($"The edit changed {string.Join(", ", names)}, not {string.Join(", ", files)}.");
        }
    }

    private int ChangedFilesDiagnostics(SpecFile edited)
    {
        var count = 0;
        foreach (var tree in ChangedFiles(edited, out var compilation))
        {
            count += compilation.GetSemanticModel(tree).GetDiagnostics().Length;
        }

        return count;
    }

    /// <summary>
    /// The IDE's way: the generator re-run, then the warm compilation with only the generated files whose text changed
    /// replaced (their trees were parsed by the driver) in <paramref name="compilation"/>; the changed trees are returned.
    /// </summary>
    private List<SyntaxTree> ChangedFiles(SpecFile edited, out Compilation compilation)
    {
        var driver = _warm.ReplaceAdditionalText(_cloudText, GeneratorHost.CreateText(edited)).RunGenerators(_consumer);
        compilation = _warmCompilation;
        var trees = new List<SyntaxTree>();
        foreach (var source in driver.GetRunResult().Results.SelectMany(result => result.GeneratedSources))
        {
            var before = _warmTrees[source.HintName];
            if (!before.GetText().ContentEquals(source.SourceText))
            {
                compilation = compilation.ReplaceSyntaxTree(before, source.SyntaxTree);
                trees.Add(source.SyntaxTree);
            }
        }

        return trees;
    }

    private Compilation Edit()
    {
        _warm.ReplaceAdditionalText(_cloudText, GeneratorHost.CreateText(_edited)).RunGeneratorsAndUpdateCompilation(_consumer, out var output, out _);
        return output;
    }
}
