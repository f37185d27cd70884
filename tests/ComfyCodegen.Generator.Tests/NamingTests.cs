using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// Awkward names and hostile strings (an OpenAPI 3.1 spec of ours): everything becomes a valid identifier, nothing
/// injects code, and strings survive into the compiled client exactly.
/// </summary>
public sealed class NamingTests
{
    private static GeneratorRun Run() => GeneratorHost.Run(new[] { Specs.Test("naming.yaml", "Naming.Edge") });

    [Fact]
    public void AwkwardNamesCompileWithoutWarnings()
    {
        var run = Run();

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void IdentifiersAreSafeAndDistinct()
    {
        var compilation = Run().Compilation;

        var client = compilation.GetTypeByMetadataName("Naming.Edge.NamingEdgeCasesClient")!;
        var method = client.GetMembers().OfType<IMethodSymbol>().Single(m => m.Name == "GetThingByIdAsync");
        Assert.Equal(
            new[] { "thingId", "odataId", "namespace", "größe", "limit", "limit2", "cancellationToken" },
            method.Parameters.Select(p => p.Name).ToArray());

        var thing = compilation.GetTypeByMetadataName("Naming.Edge.Thing")!;
        var properties = thing.GetMembers().OfType<IPropertySymbol>().Select(p => p.Name).ToList();
        Assert.Contains("ThingValue", properties);
        Assert.Contains("Id", properties);
        Assert.Contains("Id2", properties);
        Assert.Contains("True", properties);
        Assert.Contains("NullableName", properties);
        Assert.Contains("Größe", properties);
        Assert.Contains("_123abc", properties);
        Assert.Contains("WithSpace", properties);

        var kind = compilation.GetTypeByMetadataName("Naming.Edge.Kind")!;
        var members = kind.GetMembers().OfType<IPropertySymbol>().Where(p => p.IsStatic && p.Type.Equals(kind, SymbolEqualityComparer.Default)).Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "ImagePng", "_1x", "_3d", "Empty", "Minus", "True", "False", "Class", "Value2", "IsDefined2", "Kind2", "Listed2", "PrintMembers2" }, members);
        Assert.NotNull(compilation.GetTypeByMetadataName("Naming.Edge.Object"));
        Assert.NotNull(compilation.GetTypeByMetadataName("Naming.Edge.Serialization2"));
    }

    [Fact]
    public void HostileStringsRoundTripIntoTheCompiledClient()
    {
        var run = Run();
        using var image = new MemoryStream();
        var emitted = run.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Select(Program.Format)));

        var context = new AssemblyLoadContext("naming", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image.ToArray()));
            var client = assembly.GetType("Naming.Edge.NamingEdgeCasesClient")!;
            var parameter = client.GetMethod("GetThingByIdAsync")!.GetParameters().Single(p => p.Name == "namespace");

            Assert.Equal("\"; throw null; //\n\\u0041 */ {0}", parameter.DefaultValue);
            var kind = assembly.GetType("Naming.Edge.Kind")!;
            var values = kind.GetProperties(BindingFlags.Public | BindingFlags.Static)
                .Where(p => p.PropertyType == kind)
                .Select(p => p.GetValue(null)!.ToString())
                .ToArray();
            string[] expected = ["image/png", "1x", "3d", "", "-", "true", "false", "class", "Value", "IsDefined", "Kind", "Listed", "PrintMembers"];
            Assert.Equal(expected, values);

            // The listed values are the spec's, in its order; each one is defined, and a value it does not list is kept.
            var listed = (System.Collections.IEnumerable)kind.GetProperty("Listed")!.GetValue(null)!;
            Assert.Equal(expected, listed.Cast<object>().Select(v => v.ToString()).ToArray());
            Assert.All(listed.Cast<object>(), v => Assert.True((bool)kind.GetProperty("IsDefined")!.GetValue(v)!));
            var unlisted = Activator.CreateInstance(kind, "not-listed")!;
            Assert.False((bool)kind.GetProperty("IsDefined")!.GetValue(unlisted)!);
            Assert.Equal("not-listed", unlisted.ToString());
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void HostileProseStaysInsideDocumentationComments()
    {
        var source = Run().Client("Naming.Edge.NamingEdgeCasesClient");

        Assert.Contains("/// Prose that tries to escape: */ &lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot;quoted&quot; \\ back\\slash", source);
        Assert.Contains("/// /// injected?", source);
        Assert.DoesNotContain("<script>", source);
    }

    [Fact]
    public void OpenApi31TypeArraysConstAndExamplesAreRead()
    {
        var run = Run();
        var thing = run.Compilation.GetTypeByMetadataName("Naming.Edge.Thing")!;

        var nullableName = thing.GetMembers("NullableName").OfType<IPropertySymbol>().Single();
        Assert.Equal(NullableAnnotation.Annotated, nullableName.Type.NullableAnnotation);
        Assert.Contains("path + \".ratio\", 0d, true, 1d, true)", run.Sources["Naming.Edge.NamingEdgeCasesClient.Models.Thing.g.cs"]);
    }
}
