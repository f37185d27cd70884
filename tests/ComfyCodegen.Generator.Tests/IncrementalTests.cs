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
