using System;
using System.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// services.Add{Client} is emitted only for projects that reference ComfyCodegen.DependencyInjection, so the core
/// package needs no Microsoft.Extensions or Polly assembly; turning it on or off costs only the registration files.
/// </summary>
public sealed class RegistrationTests
{
    private const string RegistrationFile = "Comfy.Cloud.ComfyCloudClient.DependencyInjection.g.cs";

    [Fact]
    public void WithTheCoreAloneNoRegistrationIsEmittedAndTheClientCompilesWithoutMicrosoftExtensions()
    {
        Assert.DoesNotContain(GeneratorHost.CoreReferences, reference => Named(reference, "Microsoft.Extensions.") || Named(reference, "Polly") || Named(reference, "ComfyCodegen.DependencyInjection"));

        var run = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { Specs.Cloud, Specs.V2 }), GeneratorHost.CreateCompilation(GeneratorHost.CoreReferences));

        Assert.DoesNotContain(run.Sources.Keys, hint => hint.EndsWith(".DependencyInjection.g.cs", StringComparison.Ordinal));
        Assert.All(run.Sources.Values, source => Assert.DoesNotContain("Microsoft.Extensions", source, StringComparison.Ordinal));
        Assert.Contains("Comfy.Cloud.ComfyCloudClient.g.cs", run.Sources.Keys);
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void WithTheDependencyInjectionAssemblyEachClientGetsItsAddMethod()
    {
        var run = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { Specs.Cloud, Specs.V2 }), GeneratorHost.CreateCompilation(GeneratorHost.References));

        Assert.Contains("public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddComfyCloudClient(", run.Sources[RegistrationFile]);
        Assert.Contains("AddComfyApiV2Client(", run.Sources["Comfy.V2.ComfyApiV2Client.DependencyInjection.g.cs"]);
        Assert.Contains("\"COMFY_API_KEY\"", run.Sources[RegistrationFile]);
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void AddingTheReferenceLaterEmitsTheRegistrationsAndReusesEverythingElse()
    {
        var core = GeneratorHost.CreateCompilation(GeneratorHost.CoreReferences);
        var first = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { Specs.Cloud }), core);
        Assert.DoesNotContain(RegistrationFile, first.Sources.Keys);

        var withDependencyInjection = core.AddReferences(GeneratorHost.References.Except(GeneratorHost.CoreReferences));
        var second = GeneratorHost.Run(first.Driver, withDependencyInjection);
        var result = second.Driver.GetRunResult().Results.Single();

        Assert.Contains(RegistrationFile, second.Sources.Keys);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.ReferencesDependencyInjection).Single());
        Assert.Equal(IncrementalStepRunReason.New, Reasons(result, TrackingNames.Registrations).Single());
        Assert.All(Reasons(result, TrackingNames.GeneratedFiles), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Compiles.Cleanly(second.Compilation);
    }

    [Fact]
    public void AnOperationEditLeavesTheRegistrationCached()
    {
        var spec = Specs.Cloud;
        var first = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { spec }, out var texts), GeneratorHost.CreateCompilation());
        var edited = spec with { Text = spec.Text.Replace("operationId: listTags", "operationId: listTheTags") };
        Assert.NotEqual(spec.Text, edited.Text);
        var driver = first.Driver.ReplaceAdditionalText(texts.Single(), GeneratorHost.CreateText(edited));

        var second = GeneratorHost.Run(driver, first.Compilation);
        var result = second.Driver.GetRunResult().Results.Single();

        Assert.Contains("ListTheTagsAsync", second.Client("Comfy.Cloud.ComfyCloudClient"));
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.GeneratedFiles).Single());
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Registrations).Single());
    }

    private static bool Named(MetadataReference reference, string prefix) =>
        System.IO.Path.GetFileName(reference.Display ?? string.Empty).StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static System.Collections.Generic.List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(output => output.Reason).ToList();
}
