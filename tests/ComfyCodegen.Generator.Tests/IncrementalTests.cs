using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Model;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>Unrelated edits cost nothing: every tracked step stays Cached or Unchanged.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (string)field.GetValue(null)!)
        .ToArray();

    [Fact]
    public void EditingCSharpLeavesEveryStepCached()
    {
        var compilation = GeneratorHost.CreateCompilation("public class A { }");
        var first = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { Specs.Cloud }), compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class B { }", GeneratorHost.ParseOptions));
        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in StepNames)
        {
            Assert.True(second.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            var reasons = second.TrackedSteps[name].SelectMany(step => step.Outputs).Select(output => output.Reason).ToList();
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void ACommentOrWhitespaceOnlySpecEditEndsUnchanged()
    {
        var spec = Specs.Cloud;
        var first = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { spec }, out var texts), GeneratorHost.CreateCompilation());
        // Trailing spaces on every line and a comment at the end: no line moves, so no diagnostic moves either.
        var edited = spec with { Text = spec.Text.Replace("\n", "  \n") + "\n# a comment\n" };
        var driver = first.Driver.ReplaceAdditionalText(texts.Single(), GeneratorHost.CreateText(edited));

        var result = driver.RunGenerators(first.Compilation).GetRunResult().Results.Single();

        // The text changed, parsing ran again and produced an equal model: everything after it is reused.
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.SpecInputs).Single());
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.ParseResults).Single());
        Assert.All(Reasons(result, TrackingNames.ClientSpecs), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.All(Reasons(result, TrackingNames.GeneratedFiles), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void AnEditThatOnlyMovesLinesMovesTheDiagnosticsAndReusesTheOutput()
    {
        // The Cloud spec has one located diagnostic (CCG0008: a union variant renamed); two lines on top move it.
        var spec = Specs.Cloud;
        var first = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { spec }, out var texts), GeneratorHost.CreateCompilation());
        var before = first.Driver.GetRunResult().Results.Single().Diagnostics.Single(d => d.Id == "CCG0008");
        var edited = spec with { Text = "# a comment\n\n" + spec.Text };
        var driver = first.Driver.ReplaceAdditionalText(texts.Single(), GeneratorHost.CreateText(edited));

        var result = driver.RunGenerators(first.Compilation).GetRunResult().Results.Single();

        // The parse result differs only in where its diagnostic points; the model is equal and the files are reused.
        var after = result.Diagnostics.Single(d => d.Id == "CCG0008");
        Assert.Equal(before.GetMessage(), after.GetMessage());
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 2, after.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.ParseResults).Single());
        Assert.All(Reasons(result, TrackingNames.ClientSpecs), reason => Assert.True(reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, reason.ToString()));
        Assert.All(Reasons(result, TrackingNames.GeneratedFiles), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void EditingOneSpecLeavesTheOtherSpecsOutputsCached()
    {
        var cloud = Specs.Cloud;
        var workbench = Specs.Test("workbench.yaml", "Workbench");
        var first = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { cloud, workbench }, out var texts), GeneratorHost.CreateCompilation());
        var edited = workbench with { Text = workbench.Text.Replace("summary: Reads one item", "summary: Reads one item, edited") };
        var driver = first.Driver.ReplaceAdditionalText(texts.Single(t => t.Path == workbench.Path), GeneratorHost.CreateText(edited));

        var second = GeneratorHost.Run(driver, first.Compilation);
        var result = second.Driver.GetRunResult().Results.Single();

        var files = Outputs(result, TrackingNames.GeneratedFiles);
        Assert.Equal(IncrementalStepRunReason.Cached, files.Single(o => Hints(o.Value).Any(h => h.StartsWith("Comfy.Cloud.", StringComparison.Ordinal))).Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, files.Single(o => Hints(o.Value).Any(h => h.StartsWith("Workbench.", StringComparison.Ordinal))).Reason);
        Assert.Contains("Reads one item, edited", second.Client("Workbench.WorkbenchClient"));
    }

    [Fact]
    public void ChangingOneSpecsMetadataRegeneratesOnlyThatSpec()
    {
        var cloud = Specs.Cloud;
        var workbench = Specs.Test("workbench.yaml", "Workbench");
        var first = GeneratorHost.Run(GeneratorHost.CreateDriver(new[] { cloud, workbench }), GeneratorHost.CreateCompilation());
        var driver = first.Driver.WithUpdatedAnalyzerConfigOptions(GeneratorHost.CreateOptionsProvider(new[] { cloud, workbench with { Namespace = "Bench.Renamed" } }));

        var second = GeneratorHost.Run(driver, first.Compilation);
        var result = second.Driver.GetRunResult().Results.Single();

        var files = Outputs(result, TrackingNames.GeneratedFiles);
        Assert.Equal(IncrementalStepRunReason.Cached, files.Single(o => Hints(o.Value).Any(h => h.StartsWith("Comfy.Cloud.", StringComparison.Ordinal))).Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, files.Single(o => Hints(o.Value).Any(h => h.StartsWith("Bench.Renamed.", StringComparison.Ordinal))).Reason);
        Assert.Contains("Bench.Renamed.WorkbenchClient.g.cs", second.Sources.Keys);
    }

    // Three one-line edits of the Cloud spec: a description (the record's doc comment changes), a new optional member
    // of AssetCreated written in flow style (its record and its converter change), and an operation's summary (the
    // file of its group, the asset operations, changes; the client's own file and every other group stay as they are).
    [Theory]
    [InlineData("description", AssetCreatedLine, "description: True when this upload created the asset", "Comfy.Cloud.ComfyCloudClient.Models.AssetCreated.g.cs")]
    [InlineData("property", AssetCreatedLine, AssetCreatedLine + "\n            created_by: { type: string, description: Who created the asset }", "Comfy.Cloud.ComfyCloudClient.Models.AssetCreated.g.cs", "Comfy.Cloud.ComfyCloudClient.Serialization.AssetCreated.g.cs")]
    [InlineData("operation summary", "summary: List tags", "summary: List the tags in use", "Comfy.Cloud.ComfyCloudClient.Operations.Asset.g.cs")]
    public void AOneLineSpecEditReEmitsOnlyTheFilesItChanges(string edit, string line, string replacement, params string[] changedFiles)
    {
        var specs = new[] { Specs.Cloud, Specs.V2, Specs.ComfyUi };
        var consumer = GeneratorHost.CreateCompilation();
        var first = GeneratorHost.Run(GeneratorHost.CreateDriver(specs, out var texts), consumer);
        var cloud = specs[0];
        Assert.Single(cloud.Text.Split('\n'), text => text.Trim() == line);
        var edited = cloud with { Text = cloud.Text.Replace(line, replacement, StringComparison.Ordinal) };
        var driver = first.Driver.ReplaceAdditionalText(texts.Single(t => t.Path == cloud.Path), GeneratorHost.CreateText(edited));

        var second = GeneratorHost.Run(driver, consumer);
        var result = second.Driver.GetRunResult().Results.Single();

        // The files whose text differs: those the edit touches, and no other.
        var differing = second.Sources.Where(pair => first.Sources[pair.Key] != pair.Value).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(changedFiles.SequenceEqual(differing), $"{edit}: {string.Join(", ", differing)} changed");
        Assert.Equal(first.Sources.Keys.Order(), second.Sources.Keys.Order());

        // Re-emitted: exactly those; every other file of the three specs is Cached or Unchanged.
        var files = Outputs(result, TrackingNames.SourceFiles);
        Assert.Equal(first.Sources.Count - Registrations(first), files.Count);
        var reEmitted = files.Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified)
            .Select(o => (string)o.Value.GetType().GetProperty("HintName")!.GetValue(o.Value)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(differing, reEmitted);
        Compiles.Cleanly(second.Compilation);
    }

    private const string AssetCreatedLine = "description: True if a new asset was created, false if an existing one was returned";

    private static int Registrations(GeneratorRun run) => run.Sources.Keys.Count(hint => hint.EndsWith(".DependencyInjection.g.cs", StringComparison.Ordinal));

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        Outputs(result, step).Select(output => output.Reason).ToList();

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();

    /// <summary>The hint names inside a GeneratedFiles step output (an internal record, read by reflection).</summary>
    private static IEnumerable<string> Hints(object output)
    {
        var files = (IEnumerable)output.GetType().GetProperty("Files")!.GetValue(output)!;
        foreach (var file in files)
        {
            yield return (string)file.GetType().GetProperty("HintName")!.GetValue(file)!;
        }
    }

    [Fact]
    public void ModelHoldsNoRoslynOrOpenApiObjects()
    {
        var run = GeneratorHost.Run(new[] { Specs.Cloud });
        var result = run.Driver.GetRunResult().Results.Single();
        var models = result.TrackedSteps[TrackingNames.ClientSpecs].SelectMany(step => step.Outputs).Select(output => output.Value).ToList();

        Assert.NotEmpty(models);
        foreach (var model in models)
        {
            Walk(model, new HashSet<object>(ReferenceEqualityComparer.Instance), "model");
        }
    }

    private static void Walk(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        var assembly = type.Assembly.GetName().Name ?? string.Empty;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or Location, $"{path} holds a Roslyn {type.Name}");
        Assert.False(assembly.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal) || assembly.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), $"{path} holds {type.FullName}");
        Assert.False(type.IsArray, $"{path} is an array, which compares by reference");

        if (value is IEnumerable sequence && type.Name.StartsWith("EquatableArray", StringComparison.Ordinal))
        {
            var index = 0;
            foreach (var item in sequence)
            {
                Walk(item, seen, $"{path}[{index++}]");
            }

            return;
        }

        Assert.False(value is IEnumerable && type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true, $"{path} is a {type.Name}, which compares by reference");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            if (property.Name == "EqualityContract")
            {
                continue;
            }

            Walk(property.GetValue(value), seen, path + "." + property.Name);
        }
    }
}
