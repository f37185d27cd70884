using System.Linq;
using BenchmarkDotNet.Attributes;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Emitting;
using ComfyCodegen.Generator.Model;
using ComfyCodegen.Generator.Parsing;
using Microsoft.CodeAnalysis.CSharp;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// Where a full run's time goes, stage by stage, each against the same raw YAML load: Microsoft.OpenApi reading the
/// spec, our parser (reader + mapping to the model), our emitter (model to C#); and what the compilation does with the
/// emitted C# afterwards, Roslyn parsing it (the GeneratorDriver hands out lazily parsed trees, so this is not part of
/// the generator's run but of the compile, where plain sources cost the same), as a build without a documentation file
/// parses it and with one.
/// </summary>
[MemoryDiagnoser]
public class GeneratorStageBenchmarks
{
    private string _text = null!;
    private SpecInput _input = null!;
    private ClientSpec _model = null!;
    private string[] _emitted = null!;

    [Params("openapi-cloud.yaml", "comfyui.yaml")]
    public string Spec { get; set; } = "openapi-cloud.yaml";

    [GlobalSetup]
    public void Setup()
    {
        _text = GeneratorInputs.ReadSpec(Spec);
        _input = GeneratorInputs.Input(GeneratorInputs.Spec(Spec, _text));
        _model = SpecParser.Parse(_input, default).Spec ?? throw new System.InvalidOperationException($"{Spec} does not parse.");
        _emitted = SourceEmitter.Emit(_model).Select(file => file.Source).ToArray();
        System.Console.WriteLine($"// {Spec}: {_text.Length:N0} characters of YAML; {_emitted.Length} files, {_emitted.Sum(s => s.Length):N0} characters of C# emitted");
    }

    [Benchmark(Baseline = true, Description = "raw YAML load (SharpYaml)")]
    public int RawYamlLoad() => GeneratorInputs.RawYamlLoad(_text);

    [Benchmark(Description = "Microsoft.OpenApi read")]
    public int OpenApiRead() => GeneratorInputs.OpenApiRead(_text);

    [Benchmark(Description = "ComfyCodegen parse (read + model)")]
    public int Parse() => SpecParser.Parse(_input, default).Spec?.Operations.Count ?? -1;

    [Benchmark(Description = "ComfyCodegen emit (model to C#)")]
    public int Emit() => SourceEmitter.Emit(_model).Count();

    [Benchmark(Description = "Roslyn parse of the emitted C#")]
    public int RoslynParse() => ParseEmitted(GeneratorInputs.BuildParseOptions);

    [Benchmark(Description = "Roslyn parse of the emitted C#, doc comments too")]
    public int RoslynParseWithDocumentation() => ParseEmitted(GeneratorHost.ParseOptions);

    private int ParseEmitted(CSharpParseOptions options)
    {
        var length = 0;
        foreach (var source in _emitted)
        {
            length += CSharpSyntaxTree.ParseText(source, options).GetRoot().FullSpan.Length;
        }

        return length;
    }
}
