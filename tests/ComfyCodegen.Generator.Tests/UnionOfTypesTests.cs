using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// A schema of several types — "type: [string, integer]" in 3.1, or "oneOf" of plain types, which the reader folds
/// into the same thing — is a union with a variant per type, not a JsonElement with a warning.
/// </summary>
public sealed class UnionOfTypesTests
{
    // Holder is a request body: only a type a request can carry is checked before sending (has a Validate method).
    private const string Yaml = """
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /holders:
            post:
              operationId: postHolder
              requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Holder'}}}}
              responses:
                '204': {description: ok}
        components:
          schemas:
            Index: {oneOf: [{type: string}, {type: integer}]}
            Multi: {type: [string, integer, 'null'], minLength: 2, maximum: 10, pattern: '^a'}
            Num: {type: [integer, number, boolean]}
            Arr: {type: [string, array], items: {type: integer}, maxItems: 3}
            Obj: {type: [string, object]}
            Holder:
              type: object
              properties:
                index: {$ref: '#/components/schemas/Index'}
                multi: {$ref: '#/components/schemas/Multi'}
                num: {$ref: '#/components/schemas/Num'}
                arr: {$ref: '#/components/schemas/Arr'}
                inline: {type: [boolean, string]}
        """;

    [Fact]
    public void EachTypeIsAVariantAndOnlyAnObjectAmongThemIsStillJsonElement()
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(Yaml) });

        // Only "Obj" (string or object) cannot be a union of plain types.
        var warning = Assert.Single(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains("several types (String, Object)", warning.GetMessage(), StringComparison.Ordinal);
        Compiles.Cleanly(run.Compilation);

        string[] Variants(string type) => run.Compilation.GetTypeByMetadataName("Inline." + type)!
            .GetMembers().OfType<IMethodSymbol>().Where(m => m.Name.StartsWith("From", StringComparison.Ordinal)).Select(m => m.Name).ToArray();
        // A 3.1 reader keeps oneOf as written (3.0's folds it into types, and then the order is the types').
        Assert.Equal(new[] { "FromString", "FromInt32" }, Variants("Index"));
        Assert.Equal(new[] { "FromInt32", "FromString" }, Variants("Multi"));
        // integer beside number adds nothing: a number variant reads integers too.
        Assert.Equal(new[] { "FromBoolean", "FromDouble" }, Variants("Num"));
        Assert.Equal(new[] { "FromString", "FromInt32List" }, Variants("Arr"));
        Assert.Equal(new[] { "FromBoolean", "FromString" }, Variants("HolderInline"));
        Assert.Equal("HolderInline", ((IPropertySymbol)run.Compilation.GetTypeByMetadataName("Inline.Holder")!.GetMembers("Inline").Single()).Type.Name);
    }

    [Fact]
    public void ValuesRoundTripAndEachVariantIsCheckedAgainstItsOwnConstraints()
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(Yaml) });
        using var image = new MemoryStream();
        var emitted = run.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Select(Program.Format)));

        var context = new AssemblyLoadContext("union-of-types", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image.ToArray()));
            var options = (JsonSerializerOptions)assembly.GetType("Inline.Serialization.InlineClientJsonTypeInfoResolver")!
                .GetProperty("Options")!.GetValue(null)!;
            var holderType = assembly.GetType("Inline.Holder")!;

            const string json = """{"index":7,"multi":"ab","num":2.5,"arr":[1,2],"inline":false}""";
            var holder = JsonSerializer.Deserialize(json, holderType, options)!;
            Assert.Equal(json, JsonSerializer.Serialize(holder, holderType, options));
            Assert.Equal(7, Member(holder, "Index", "AsInt32"));
            Assert.Equal("ab", Member(holder, "Multi", "AsString"));
            Assert.Equal(2.5, Member(holder, "Num", "AsDouble"));
            Assert.Equal(false, Member(holder, "Inline", "AsBoolean"));

            // An integer reads as the number variant; a JSON null is the nullable union's null.
            var other = JsonSerializer.Deserialize("""{"num":3,"multi":null}""", holderType, options)!;
            Assert.Equal(3.0, Member(other, "Num", "AsDouble"));
            Assert.Null(holderType.GetProperty("Multi")!.GetValue(other));

            // minLength and pattern bind the string variant, maximum the integer variant.
            var multi = assembly.GetType("Inline.Multi")!;
            Validate(multi, multi.GetMethod("FromString")!.Invoke(null, new object[] { "ab" })!);
            Validate(multi, multi.GetMethod("FromInt32")!.Invoke(null, new object[] { 1 })!);
            Assert.IsAssignableFrom<ArgumentException>(Assert.Throws<TargetInvocationException>(() => Validate(multi, multi.GetMethod("FromString")!.Invoke(null, new object[] { "a" })!)).InnerException);
            Assert.IsAssignableFrom<ArgumentException>(Assert.Throws<TargetInvocationException>(() => Validate(multi, multi.GetMethod("FromString")!.Invoke(null, new object[] { "bc" })!)).InnerException);
            Assert.IsAssignableFrom<ArgumentException>(Assert.Throws<TargetInvocationException>(() => Validate(multi, multi.GetMethod("FromInt32")!.Invoke(null, new object[] { 11 })!)).InnerException);

            // A JSON shape no variant has is refused, not guessed.
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"index":true}""", holderType, options));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void AStringEnumVariantIsNullWhileAnotherVariantIsSet()
    {
        // The enum converts implicitly from string, so "? (Mode)Value : null" made the null a Mode (CS8625 and a
        // default Mode instead of null).
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths: {}
            components:
              schemas:
                Scope:
                  oneOf:
                    - {type: object, additionalProperties: {type: boolean}}
                    - {type: string, enum: ['*']}
            """;
        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });
        Compiles.Cleanly(run.Compilation);
        using var image = new MemoryStream();
        Assert.True(run.Compilation.Emit(image).Success);

        var context = new AssemblyLoadContext("union-enum", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image.ToArray()));
            var options = (JsonSerializerOptions)assembly.GetType("Inline.Serialization.InlineClientJsonTypeInfoResolver")!
                .GetProperty("Options")!.GetValue(null)!;
            var scope = assembly.GetType("Inline.Scope")!;
            var map = JsonSerializer.Deserialize("""{"a":true}""", scope, options)!;
            var star = JsonSerializer.Deserialize("\"*\"", scope, options)!;

            Assert.Null(scope.GetProperty("AsScopeOption2")!.GetValue(map));
            Assert.Equal("*", scope.GetProperty("AsScopeOption2")!.GetValue(star)!.ToString());
            Assert.Null(scope.GetProperty("AsBooleanMap")!.GetValue(star));
        }
        finally
        {
            context.Unload();
        }
    }

    private static object? Member(object holder, string property, string accessor)
    {
        var union = holder.GetType().GetProperty(property)!.GetValue(holder)!;
        return union.GetType().GetProperty(accessor)!.GetValue(union);
    }

    private static void Validate(Type union, object value) =>
        union.GetMethod("Validate", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(value, new object[] { "value" });
}
