using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Basic.Reference.Assemblies;
using ComfyCodegen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ComfyCodegen.Cli;

/// <summary>A spec handed to the generator, with the options its MSBuild item would carry.</summary>
/// <param name="Path">The file's path (used in diagnostics).</param>
/// <param name="Text">The file's text.</param>
/// <param name="Namespace">The Namespace metadata, or null.</param>
/// <param name="ClientName">The ClientName metadata, or null.</param>
/// <param name="ApiKeyEnvironmentVariable">The ApiKeyEnvironmentVariable metadata, or null.</param>
public sealed record SpecFile(string Path, string Text, string? Namespace = null, string? ClientName = null, string? ApiKeyEnvironmentVariable = null);

/// <summary>What one generator run produced.</summary>
/// <param name="Sources">Generated files by hint name.</param>
/// <param name="Diagnostics">The generator's diagnostics.</param>
/// <param name="Compilation">The compilation with the generated files added.</param>
/// <param name="Driver">The driver after the run, for incremental re-runs.</param>
public sealed record GeneratorRun(
    IReadOnlyDictionary<string, string> Sources,
    ImmutableArray<Diagnostic> Diagnostics,
    Compilation Compilation,
    GeneratorDriver Driver)
{
    /// <summary>
    /// The client's own file ("{prefix}.g.cs", e.g. "Comfy.Cloud.ComfyCloudClient") and then its operation files
    /// ("{prefix}.Operations.*.g.cs") in the order they were generated, as one text: every declaration and method of the
    /// client and its interface.
    /// </summary>
    public string Client(string prefix) =>
        Sources[prefix + ".g.cs"] + string.Concat(Sources
            .Where(pair => pair.Key.StartsWith(prefix + ".Operations.", StringComparison.Ordinal) && pair.Key.EndsWith(".g.cs", StringComparison.Ordinal))
            .Select(pair => pair.Value));
}

/// <summary>
/// Runs <see cref="OpenApiClientGenerator"/> through Roslyn's GeneratorDriver, as a build would: specs as
/// AdditionalFiles with per-file metadata. The command line and the tests share it.
/// </summary>
public static class GeneratorHost
{
    /// <summary>The parse options generated code is compiled with: latest C#, documentation comments checked.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>
    /// The references of a consumer of the core package alone: .NET 10 and our runtime. The generator then emits no
    /// Add{Client}, and the generated code needs nothing else.
    /// </summary>
    public static IReadOnlyList<MetadataReference> CoreReferences { get; } = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(ComfyCodegen.Runtime.ApiClientCore).Assembly.Location))
        .ToList();

    /// <summary>
    /// The references of a consumer that also has ComfyCodegen.DependencyInjection, which turns Add{Client} on: the
    /// core references, that assembly and the packages it brings (dependency injection, resilience), found beside
    /// this assembly as a package restore would place them.
    /// </summary>
    public static IReadOnlyList<MetadataReference> References { get; } = CoreReferences
        .Append(MetadataReference.CreateFromFile(typeof(ComfyCodegen.DependencyInjection.ApiClientRegistration).Assembly.Location))
        .Concat(System.IO.Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll")
            .Concat(System.IO.Directory.GetFiles(AppContext.BaseDirectory, "Polly*.dll"))
            .Select(path => MetadataReference.CreateFromFile(path)))
        .ToList();

    /// <summary>Creates a driver for <paramref name="specs"/> that records step run reasons.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<SpecFile> specs, string? rootNamespace = "Consumer") =>
        CreateDriver(specs, out _, rootNamespace);

    /// <summary>Creates a driver and hands back the AdditionalTexts it holds, so a test can replace one.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<SpecFile> specs, out IReadOnlyList<AdditionalText> texts, string? rootNamespace = "Consumer") =>
        CreateDriver(specs, new OpenApiClientGenerator(), out texts, rootNamespace);

    /// <summary>Creates a driver for <paramref name="specs"/> running <paramref name="generator"/> (ours, or a stand-in in tests).</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<SpecFile> specs, IIncrementalGenerator generator, out IReadOnlyList<AdditionalText> texts, string? rootNamespace = "Consumer")
    {
        var files = specs.ToList();
        texts = files.Select(CreateText).ToList();
        return CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            texts,
            ParseOptions,
            CreateOptionsProvider(files, rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>The AdditionalText of a spec, as the build would hand it over.</summary>
    public static AdditionalText CreateText(SpecFile spec) => new InMemoryAdditionalText(spec.Path, spec.Text);

    /// <summary>The per-file metadata of <paramref name="specs"/> and the project's RootNamespace, as the build would write them.</summary>
    public static AnalyzerConfigOptionsProvider CreateOptionsProvider(IEnumerable<SpecFile> specs, string? rootNamespace = "Consumer") =>
        new SpecOptionsProvider(specs.ToList(), rootNamespace);

    /// <summary>A consumer compilation: the given sources, nullable on, warnings reported, as a library.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CreateCompilation(References, sources);

    /// <summary>A consumer compilation over <paramref name="references"/> (<see cref="CoreReferences"/> or <see cref="References"/>).</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, ParseOptions)),
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                // The SDK's own defaults: assembly-version unification notes, not problems in the code.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

    /// <summary>Runs the generator once on <paramref name="specs"/> over an empty consumer compilation.</summary>
    public static GeneratorRun Run(IEnumerable<SpecFile> specs, CancellationToken cancellationToken = default) =>
        Run(CreateDriver(specs), CreateCompilation(), cancellationToken);

    /// <summary>Runs <paramref name="generator"/> once on <paramref name="specs"/> over an empty consumer compilation.</summary>
    public static GeneratorRun Run(IEnumerable<SpecFile> specs, IIncrementalGenerator generator, CancellationToken cancellationToken = default) =>
        Run(CreateDriver(specs, generator, out _), CreateCompilation(), cancellationToken);

    /// <summary>
    /// The ids by which Roslyn reports that a generator (or analyzer) threw and its output was dropped: CS8784 (failed
    /// to initialize), CS8785 (failed to generate, e.g. AddSource with a hint name already used), AD0001 (an analyzer
    /// threw). They are warnings to the compiler, but the build then misses every file of the spec.
    /// </summary>
    public static IReadOnlyCollection<string> CrashIds { get; } = new[] { "CS8784", "CS8785", "AD0001" };

    /// <summary>Whether <paramref name="diagnostic"/> says a generator crashed (see <see cref="CrashIds"/>), or reports our CCG0999.</summary>
    public static bool IsCrash(Diagnostic diagnostic) => CrashIds.Contains(diagnostic.Id) || diagnostic.Id == "CCG0999";

    /// <summary>Runs <paramref name="driver"/> on <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation, CancellationToken cancellationToken = default)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics, cancellationToken);
        var result = driver.GetRunResult();
        var sources = result.Results
            .SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        var diagnostics = result.Diagnostics.AddRange(driverDiagnostics).Distinct().ToImmutableArray();
        return new GeneratorRun(sources, diagnostics, output, driver);
    }

    /// <summary>Compiler errors and warnings in the generated code (and anything else in the compilation).</summary>
    public static ImmutableArray<Diagnostic> CompileDiagnostics(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToImmutableArray();

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class SpecOptionsProvider(IReadOnlyList<SpecFile> specs, string? rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(
            rootNamespace is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            var spec = specs.FirstOrDefault(s => s.Path == textFile.Path);
            if (spec is null)
            {
                return DictionaryOptions.Empty;
            }

            var values = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.ComfyOpenApi"] = "true" };
            if (spec.Namespace is not null)
            {
                values["build_metadata.AdditionalFiles.ComfyNamespace"] = spec.Namespace;
            }

            if (spec.ClientName is not null)
            {
                values["build_metadata.AdditionalFiles.ComfyClientName"] = spec.ClientName;
            }

            if (spec.ApiKeyEnvironmentVariable is not null)
            {
                values["build_metadata.AdditionalFiles.ComfyApiKeyEnvironmentVariable"] = spec.ApiKeyEnvironmentVariable;
            }

            return new DictionaryOptions(values);
        }
    }

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static DictionaryOptions Empty { get; } = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
