using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator;
using ComfyCodegen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// What a build hands the generator, set up outside the timed code: the spec as an AdditionalText with its MSBuild
/// metadata, and a consumer compilation. The driver is created the way the compiler creates it (no step tracking).
/// </summary>
public static class GeneratorInputs
{
    /// <summary>
    /// The parse options of a typical consumer build: latest C#, and documentation comments left unparsed, as the
    /// compiler does without GenerateDocumentationFile (with it, <see cref="GeneratorHost.ParseOptions"/>).
    /// </summary>
    public static CSharpParseOptions BuildParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.None);

    /// <summary>The baseline: the raw YAML load (SharpYaml's node tree, what Microsoft.OpenApi.YamlReader starts from).</summary>
    public static int RawYamlLoad(string text)
    {
        var stream = new SharpYaml.Serialization.YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count;
    }

    /// <summary>Microsoft.OpenApi reading the YAML text on its own, as any generator on it must: the number of paths.</summary>
    public static int OpenApiRead(string text)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        return OpenApiDocument.Parse(text, "yaml", settings).Document?.Paths.Count ?? -1;
    }

    /// <summary>A spec shipped beside the benchmarks (copied from specs/ at build time).</summary>
    public static string ReadSpec(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "specs", fileName));

    /// <summary>The spec file for <paramref name="text"/>, in the consumer's namespace.</summary>
    public static SpecFile Spec(string fileName, string text) =>
        new("/consumer/" + fileName, text, "Consumer." + NamespacePart(fileName), "ComfyClient");

    /// <summary>The parser's input for <paramref name="spec"/>, as the pipeline builds it from the AdditionalFile.</summary>
    internal static SpecInput Input(SpecFile spec) => new(spec.Path, spec.Text, spec.Namespace, spec.ClientName, null);

    /// <summary>"openapi-cloud.yaml" → "OpenapiCloud".</summary>
    private static string NamespacePart(string fileName) =>
        string.Concat(Path.GetFileNameWithoutExtension(fileName).Split('-').Select(part => char.ToUpperInvariant(part[0]) + part.Substring(1)));

    /// <summary>A new driver for <paramref name="specs"/>: nothing cached, as in a first build.</summary>
    public static GeneratorDriver ColdDriver(IReadOnlyList<SpecFile> specs) => ColdDriver(specs, out _);

    /// <summary>A new driver, handing back the AdditionalTexts it holds so a spec edit can replace one.</summary>
    public static GeneratorDriver ColdDriver(IReadOnlyList<SpecFile> specs, out IReadOnlyList<AdditionalText> texts) =>
        CSharpGeneratorDriver.Create(
            new[] { new OpenApiClientGenerator().AsSourceGenerator() },
            texts = specs.Select(GeneratorHost.CreateText).ToList(),
            BuildParseOptions,
            GeneratorHost.CreateOptionsProvider(specs),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    /// <summary>A consumer with a few files of its own, one of which <see cref="EditUserCode"/> changes.</summary>
    public static CSharpCompilation Consumer() => Compilation(
        """
        namespace Consumer;

        public static class Program
        {
            public static int Main() => Helpers.Answer();
        }
        """,
        """
        namespace Consumer;

        internal static class Helpers
        {
            public static int Answer() => 42;
        }
        """);

    /// <summary>A consumer library of <paramref name="sources"/>, compiled as a Release build compiles it.</summary>
    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, BuildParseOptions)),
            GeneratorHost.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Emits <paramref name="compilation"/> to memory, as a build's last step: the assembly's length, or -1 when it does not build.</summary>
    public static long Emit(Compilation compilation)
    {
        using var peStream = new MemoryStream();
        return compilation.Emit(peStream).Success ? peStream.Length : -1;
    }

    /// <summary>Throws, naming <paramref name="what"/> and the first errors, unless <paramref name="compilation"/> builds without errors.</summary>
    public static void EnsureBuilds(Compilation compilation, string what)
    {
        using var peStream = new MemoryStream();
        var result = compilation.Emit(peStream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (!result.Success || errors.Count > 0)
        {
            throw new InvalidOperationException($"{what} does not build: {string.Join("; ", errors)}");
        }
    }

    /// <summary><paramref name="compilation"/> with the user's Helpers file edited: an unrelated C# change.</summary>
    public static CSharpCompilation EditUserCode(CSharpCompilation compilation)
    {
        var old = compilation.SyntaxTrees.Single(tree => tree.ToString().Contains("class Helpers", StringComparison.Ordinal));
        var edited = CSharpSyntaxTree.ParseText(old.ToString().Replace("=> 42;", "=> 43;", StringComparison.Ordinal), BuildParseOptions);
        return compilation.ReplaceSyntaxTree(old, edited);
    }

    /// <summary>
    /// <paramref name="text"/> with one line changed as a user changes it: the first plain operation summary gets two
    /// more words (still valid YAML; that operation's generated documentation changes, the rest of the output not).
    /// </summary>
    public static string EditOneLine(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("summary: ", StringComparison.Ordinal) && trimmed.Length > 9 && trimmed[9] is not ('\'' or '"' or '|' or '>'))
            {
                lines[i] = lines[i].TrimEnd('\r') + " (edited)";
                return string.Join("\n", lines);
            }
        }

        throw new InvalidOperationException("The spec has no plain summary line to edit.");
    }
}
