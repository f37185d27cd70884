using System;
using System.IO;
using System.Threading;
using ComfyCodegen.Generator.Diagnostics;
using ComfyCodegen.Generator.Emitting;
using ComfyCodegen.Generator.Model;
using ComfyCodegen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ComfyCodegen.Generator;

/// <summary>
/// Generates a typed client for each OpenAPI spec a project marks with &lt;ComfyOpenApi Include="…" /&gt;.
/// This file only wires the pipeline: <see cref="SpecParser"/> turns text into a model, <see cref="SourceEmitter"/>
/// turns the model into source; each step's output compares by value, so unrelated edits cost nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpenApiClientGenerator : IIncrementalGenerator
{
    internal const string SpecMarker = "build_metadata.AdditionalFiles.ComfyOpenApi";
    internal const string NamespaceKey = "build_metadata.AdditionalFiles.ComfyNamespace";
    internal const string ClientNameKey = "build_metadata.AdditionalFiles.ComfyClientName";
    internal const string ApiKeyEnvironmentVariableKey = "build_metadata.AdditionalFiles.ComfyApiKeyEnvironmentVariable";
    internal const string RootNamespaceKey = "build_property.RootNamespace";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(RootNamespaceKey, out var value) ? value : null);

        var specInputs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadInput(pair.Left, pair.Right, cancellationToken))
            .Where(static input => input is not null)
            .Combine(rootNamespace)
            .Select(static (pair, _) => pair.Left! with { RootNamespace = pair.Right })
            .WithTrackingName(TrackingNames.SpecInputs);

        var parseResults = specInputs
            .Select(static (input, cancellationToken) => SpecParser.Parse(input, cancellationToken))
            .WithTrackingName(TrackingNames.ParseResults);

        context.RegisterSourceOutput(parseResults, static (context, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var generatedSpecs = parseResults
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .WithTrackingName(TrackingNames.ClientSpecs);

        var generatedFiles = generatedSpecs
            .Select(static (spec, _) => EmitSafely(spec!))
            .WithTrackingName(TrackingNames.GeneratedFiles);

        context.RegisterSourceOutput(
            generatedFiles.Select(static (output, _) => output.Failure).Where(static failure => failure is not null),
            static (context, failure) => context.ReportDiagnostic(failure!.ToDiagnostic()));

        // One item per file, compared by hint name and text: after a spec edit only the files whose text changed are
        // emitted again; the others stay cached (a host that keeps unchanged documents, as an IDE does, reuses them).
        var sourceFiles = generatedFiles
            .SelectMany(static (output, _) => output.Files)
            .WithTrackingName(TrackingNames.SourceFiles);

        context.RegisterSourceOutput(sourceFiles, static (context, file) => AddFile(context, file));

        // Add{Client} calls ComfyCodegen.DependencyInjection; without that reference it would not compile, and a project
        // that does not want Microsoft.Extensions.Http.Resilience must not need it. A bool compares by value, so
        // edits that leave the references alone leave this step, and the registrations, cached.
        var referencesDependencyInjection = context.CompilationProvider
            .Select(static (compilation, _) => References(compilation, RegistrationEmitter.AssemblyName))
            .WithTrackingName(TrackingNames.ReferencesDependencyInjection);

        var registrations = generatedSpecs
            .Select(static (spec, _) => RegistrationSpec.From(spec!))
            .Combine(referencesDependencyInjection)
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => RegistrationEmitter.Emit(pair.Left))
            .WithTrackingName(TrackingNames.Registrations);

        context.RegisterSourceOutput(registrations, static (context, file) => AddFile(context, file));
    }

    private static void AddFile(SourceProductionContext context, GeneratedFile file) =>
        context.AddSource(file.HintName, SourceText.From(file.Source, System.Text.Encoding.UTF8));

    private static bool References(Compilation compilation, string assemblyName)
    {
        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            if (string.Equals(reference.Name, assemblyName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static SpecInput? ReadInput(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var fileOptions = options.GetOptions(file);
        if (!fileOptions.TryGetValue(SpecMarker, out var marker) || !string.Equals(marker, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
        return new SpecInput(
            file.Path,
            text,
            fileOptions.TryGetValue(NamespaceKey, out var ns) && !string.IsNullOrWhiteSpace(ns) ? ns : null,
            fileOptions.TryGetValue(ClientNameKey, out var client) && !string.IsNullOrWhiteSpace(client) ? client : null,
            null,
            fileOptions.TryGetValue(ApiKeyEnvironmentVariableKey, out var variable) && !string.IsNullOrWhiteSpace(variable) ? variable : null);
    }

    internal static EmitOutput EmitSafely(ClientSpec spec)
    {
        try
        {
            return new EmitOutput(SourceEmitter.Emit(spec), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Never crash the build: report the failure at the spec instead of an AD0001 from the compiler.
            return new EmitOutput(
                Helpers.EquatableArray<GeneratedFile>.Empty,
                DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, new SpecLocation(spec.SpecFilePath, 0, 0), DiagnosticInfo.Describe(exception)));
        }
    }

    internal sealed record EmitOutput(Helpers.EquatableArray<GeneratedFile> Files, DiagnosticInfo? Failure);
}
