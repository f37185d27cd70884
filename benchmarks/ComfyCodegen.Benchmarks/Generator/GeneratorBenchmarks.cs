using System.Linq;
using BenchmarkDotNet.Attributes;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Emitting;
using ComfyCodegen.Generator.Model;
using ComfyCodegen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// The generator on a real spec: a full run on a cold driver, the re-runs a build or IDE does after an unrelated C# edit
/// and after a one-line spec edit. Baseline: loading the same YAML text with SharpYaml (the YAML parser under
/// Microsoft.OpenApi.YamlReader), the floor for any YAML-based reader. Peer: NSwag's CSharpClientGenerator, in process,
/// reading the same text and generating a client's text, compared with our spec-to-text stages.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private string _text = null!;
    private SpecInput _input = null!;
    private CSharpCompilation _consumer = null!;
    private CSharpCompilation _editedConsumer = null!;
    private GeneratorDriver _warmDriver = null!;
    private AdditionalText _specText = null!;
    private AdditionalText _editedSpecText = null!;
    private ClientSpec _model = null!;

    [Params("openapi-cloud.yaml", "comfyui.yaml")]
    public string Spec { get; set; } = "openapi-cloud.yaml";

    [GlobalSetup]
    public void Setup()
    {
        _text = GeneratorInputs.ReadSpec(Spec);
        var spec = GeneratorInputs.Spec(Spec, _text);
        _input = GeneratorInputs.Input(spec);
        _consumer = GeneratorInputs.Consumer();
        _editedConsumer = GeneratorInputs.EditUserCode(_consumer);

        _model = SpecParser.Parse(_input, default).Spec ?? throw new System.InvalidOperationException($"{Spec} does not parse.");
        _warmDriver = GeneratorInputs.ColdDriver(new[] { spec }, out var texts).RunGenerators(_consumer);
        _specText = texts.Single();
        _editedSpecText = GeneratorHost.CreateText(spec with { Text = GeneratorInputs.EditOneLine(_text) });

        var generated = _warmDriver.GetRunResult();
        if (generated.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || generated.GeneratedTrees.Length < 10)
        {
            throw new System.InvalidOperationException($"The generator did not produce a client for {Spec}: {string.Join("; ", generated.Diagnostics)}");
        }

        // The spec edit must be a real one: the spec still generates, and exactly the edited operation's file changes.
        var edited = _warmDriver.ReplaceAdditionalText(_specText, _editedSpecText).RunGenerators(_consumer).GetRunResult();
        var changed = edited.GeneratedTrees.Zip(generated.GeneratedTrees, (after, before) => after.ToString() != before.ToString()).Count(different => different);
        if (edited.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || edited.GeneratedTrees.Length != generated.GeneratedTrees.Length || changed == 0)
        {
            throw new System.InvalidOperationException($"The one-line edit of {Spec} did not change the output as expected ({changed} files changed): {string.Join("; ", edited.Diagnostics)}");
        }

        System.Console.WriteLine($"// {Spec}: the one-line edit changes {changed} of {generated.GeneratedTrees.Length} generated files");
    }

    [Benchmark(Baseline = true, Description = "raw YAML load (SharpYaml)")]
    public int RawYamlLoad() => GeneratorInputs.RawYamlLoad(_text);

    [Benchmark(Description = "ComfyCodegen: full run, cold driver")]
    public int FullRun() =>
        GeneratorInputs.ColdDriver(new[] { GeneratorInputs.Spec(Spec, _text) }).RunGenerators(_consumer).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "ComfyCodegen: re-run after a C# edit")]
    public int RerunAfterCSharpEdit() => _warmDriver.RunGenerators(_editedConsumer).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "ComfyCodegen: re-run after a one-line spec edit")]
    public int RerunAfterSpecEdit() =>
        _warmDriver.ReplaceAdditionalText(_specText, _editedSpecText).RunGenerators(_consumer).GetRunResult().GeneratedTrees.Length;

    /// <summary>
    /// Spec text in, C# text out, without the driver: what NSwag's figure covers. (The driver's own share is small: it
    /// hands the compilation lazily parsed trees.)
    /// </summary>
    [Benchmark(Description = "ComfyCodegen: spec to C# text (parse + emit)")]
    public int SpecToText() => SourceEmitter.Emit(SpecParser.Parse(_input, default).Spec!).Count;

    /// <summary>
    /// The two parts of <see cref="SpecToText"/> that no change of ours can remove, beside NSwag in the same run: the
    /// required reader's read of the text (with its validation, whose findings become our warnings) and our emit of an
    /// already mapped model. Their sum is the floor of our run; goal 5 asks the whole run for a fifth of NSwag's time.
    /// </summary>
    [Benchmark(Description = "floor: Microsoft.OpenApi read alone")]
    public int OpenApiRead() => GeneratorInputs.OpenApiRead(_text);

    /// <summary>The other part of the floor: our emit alone, from the model <see cref="SpecToText"/>'s parse makes.</summary>
    [Benchmark(Description = "floor: ComfyCodegen emit alone (model to C#)")]
    public int EmitAlone() => SourceEmitter.Emit(_model).Count;

    [Benchmark(Description = "NSwag CSharpClientGenerator")]
    public int NSwag()
    {
        var document = OpenApiYamlDocument.FromYamlAsync(_text).GetAwaiter().GetResult();
        var generator = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings { ClassName = "ComfyClient", CSharpGeneratorSettings = { Namespace = "Peer" } });
        return generator.GenerateFile().Length;
    }
}
