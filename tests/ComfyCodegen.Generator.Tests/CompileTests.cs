using System;
using System.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// The generated code compiles with zero warnings: nullable on, every warning level, documentation comments
/// checked (CS1591 would fire on any public member without docs), against .NET 10 and our runtime.
/// </summary>
public sealed class CompileTests
{
    public static TheoryData<string> RepoSpecs => new() { "openapi-cloud.yaml", "comfy-api-v2.yaml", "comfyui.yaml" };

    [Theory]
    [MemberData(nameof(RepoSpecs))]
    public void RepoSpecCompilesWithoutWarnings(string fileName)
    {
        var run = GeneratorHost.Run(new[] { Specs.Repo(fileName, "Generated.Client") });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(run.Sources);
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void WorkbenchCompilesWithoutWarnings()
    {
        var run = GeneratorHost.Run(new[] { Specs.Test("workbench.yaml", "Workbench") });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void CloudClientHasAnAsyncMethodForEachOf42Operations()
    {
        var run = GeneratorHost.Run(new[] { Specs.Cloud });
        var document = Microsoft.OpenApi.OpenApiDocument.Parse(Specs.Cloud.Text, "yaml", ReaderSettings()).Document!;
        var operationIds = document.Paths.Values.SelectMany(p => p.Operations!.Values).Select(o => o.OperationId!).ToList();
        var client = run.Compilation.GetTypeByMetadataName("Comfy.Cloud.IComfyCloudClient")!;
        var methods = client.GetMembers().OfType<IMethodSymbol>().Select(m => m.Name).ToHashSet();

        Assert.Equal(42, operationIds.Count);
        foreach (var operationId in operationIds)
        {
            var expected = char.ToUpperInvariant(operationId[0]) + operationId[1..] + "Async";
            Assert.Contains(expected, methods);
        }

        var implementation = run.Compilation.GetTypeByMetadataName("Comfy.Cloud.ComfyCloudClient")!;
        var publicAsync = implementation.GetMembers().OfType<IMethodSymbol>()
            .Where(m => m.DeclaredAccessibility == Accessibility.Public && m.Name.EndsWith("Async"))
            // The page walkers (ListTagsAllAsync, ...) are extra methods, not operations.
            .Where(m => !(m.Name.EndsWith("AllAsync") && m.ReturnType.Name == "IAsyncEnumerable"))
            .Select(m => m.Name)
            .Distinct()
            .Count();
        Assert.Equal(42, publicAsync);
    }

    [Fact]
    public void TwoSpecsInOneCompilationDoNotCollide()
    {
        // The same schema names (Asset, ErrorResponse, ...) exist in both; each spec has its own namespace.
        var run = GeneratorHost.Run(new[] { Specs.Cloud, Specs.ComfyUi });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotNull(run.Compilation.GetTypeByMetadataName("Comfy.Cloud.Asset"));
        Assert.NotNull(run.Compilation.GetTypeByMetadataName("Comfy.Local.Asset"));
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void ABasicAuthSpecCompilesWithoutWarningsAndUsesTheBasicKind()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            security: [{BasicAuth: []}]
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '204': {description: ok}
            components:
              securitySchemes:
                BasicAuth:
                  type: http
                  scheme: basic
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        Assert.Empty(run.Diagnostics);
        Assert.Contains("ApiAuthKind.Basic, null, \"BasicAuth\"", string.Concat(run.Sources.Values));
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void DeprecatedSchemasUsedEverywhereCompileWithoutWarningsAndSaySoInTheirDocs()
    {
        // A deprecated schema as a property, an array item, a union variant, a map value, a request body and a
        // result: [Obsolete] on the type made each generated use CS0618 (282 warnings on one real spec).
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                post:
                  operationId: send
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/Old'}
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/OldMode'}}}}
            components:
              schemas:
                Old: {type: object, deprecated: true, description: An old thing., properties: {a: {type: string}}}
                OldMode: {type: string, enum: [x, y], deprecated: true}
                OldUnion: {deprecated: true, oneOf: [{$ref: '#/components/schemas/Old'}, {type: integer}]}
                Holder:
                  type: object
                  properties:
                    old: {$ref: '#/components/schemas/Old'}
                    olds: {type: array, items: {$ref: '#/components/schemas/Old'}}
                    mode: {$ref: '#/components/schemas/OldMode'}
                    either: {oneOf: [{$ref: '#/components/schemas/OldMode'}, {$ref: '#/components/schemas/Old'}]}
                    byName: {type: object, additionalProperties: {$ref: '#/components/schemas/OldUnion'}}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        Assert.Empty(run.Diagnostics);
        Compiles.Cleanly(run.Compilation);
        foreach (var (name, summary) in new[] { ("Old", "An old thing."), ("OldMode", "The OldMode values."), ("OldUnion", "One of the OldUnion alternatives.") })
        {
            var type = run.Compilation.GetTypeByMetadataName("Inline." + name)!;
            var docs = string.Join(" ", type.GetDocumentationCommentXml()!.Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("<summary> " + summary + " Deprecated by the API. </summary>", docs, System.StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ArrayParametersOfAnythingGetTheirConverter()
    {
        // Arrays of JsonElement in the path, a header and the query are formatted through a list converter that
        // was only emitted when some type or body used the same list (CS0117, found by the mutation tests).
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a/{id}:
                get:
                  operationId: getA
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: array}}
                    - {name: h, in: header, schema: {type: array}}
                    - {name: q, in: query, schema: {type: array, items: {type: array, items: {}}}}
                  responses:
                    '204': {description: ok}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void ParameterDocsAreSentencesThatStateEachBoundOnce()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  operationId: getA
                  parameters:
                    - {name: limit, in: query, description: 'between 1 and 1000', schema: {type: integer, minimum: 1, maximum: 1000}}
                    - {name: size, in: query, description: Page size, schema: {type: integer, minimum: 1, maximum: 50}}
                    - {name: offset, in: query, description: 'Where to start (at least 10)', schema: {type: integer, minimum: 10, maximum: 100}}
                  responses:
                    '204': {description: ok}
            """;

        var client = GeneratorHost.Run(new[] { Specs.Inline(yaml) }).Client("Inline.InlineClient");

        Assert.Contains("<param name=\"limit\">between 1 and 1000.</param>", client);
        Assert.Contains("<param name=\"size\">Page size. At least 1 and at most 50.</param>", client);
        Assert.Contains("<param name=\"offset\">Where to start (at least 10). At most 100.</param>", client);
    }

    [Fact]
    public void OnlyAMethodThatTakesArgumentsDocumentsThatItRefusesOne()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /none:
                get:
                  operationId: getNone
                  responses:
                    '204': {description: ok}
              /query:
                get:
                  operationId: getQuery
                  parameters:
                    - {name: limit, in: query, schema: {type: integer, minimum: 1}}
                  responses:
                    '204': {description: ok}
              /body:
                post:
                  operationId: postBody
                  requestBody:
                    required: true
                    content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}
                  responses:
                    '204': {description: ok}
            """;

        var client = GeneratorHost.Run(new[] { Specs.Inline(yaml) }).Client("Inline.InlineClient");

        // The interface's docs of each method: from its summary line to its declaration.
        string DocsOf(string method)
        {
            var end = client.IndexOf(" " + method + "(", StringComparison.Ordinal);
            var start = client.LastIndexOf("/// <summary>", end, StringComparison.Ordinal);
            return client.Substring(start, end - start);
        }

        const string Refuses = "<exception cref=\"global::System.ArgumentException\">";
        const string Fails = "<exception cref=\"global::ComfyCodegen.Runtime.ApiException\">";
        Assert.DoesNotContain(Refuses, DocsOf("GetNoneAsync"));
        Assert.Contains(Fails, DocsOf("GetNoneAsync"));
        Assert.Contains(Refuses, DocsOf("GetQueryAsync"));
        Assert.Contains(Refuses, DocsOf("PostBodyAsync"));
    }

    [Fact]
    public void OnlyTypesARequestCanCarryHaveAValidateMethod()
    {
        // Outer is a body; through it, Inner (a member), Item (list items), Value (map values), Choice (a union) and its
        // variants A and B can be sent, however deep; Filter is a parameter. Shared is sent and received. Reply and
        // Detail are only ever read from a response, so nothing would call a Validate of theirs.
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /things:
                post:
                  operationId: postThing
                  parameters:
                    - {name: filter, in: query, schema: {$ref: '#/components/schemas/Filter'}}
                  requestBody:
                    required: true
                    content: {application/json: {schema: {$ref: '#/components/schemas/Outer'}}}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Reply'}}}
            components:
              schemas:
                Outer:
                  type: object
                  properties:
                    inner: {$ref: '#/components/schemas/Inner'}
                    items: {type: array, items: {$ref: '#/components/schemas/Item'}}
                    map: {type: object, additionalProperties: {$ref: '#/components/schemas/Value'}}
                    choice: {$ref: '#/components/schemas/Choice'}
                    shared: {$ref: '#/components/schemas/Shared'}
                Inner: {type: object, properties: {code: {type: string, maxLength: 3}}}
                Item: {type: object, required: [id], properties: {id: {type: string}}}
                Value: {type: object, properties: {n: {type: integer, minimum: 0}}}
                Choice: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
                A: {type: object, required: [a], properties: {a: {type: string}}}
                B: {type: object, required: [b], properties: {b: {type: integer}}}
                Filter: {type: object, properties: {q: {type: string, minLength: 1}}}
                Shared: {type: object, properties: {s: {type: string, pattern: '^x'}}}
                Reply:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string, maxLength: 3}
                    detail: {$ref: '#/components/schemas/Detail'}
                    shared: {$ref: '#/components/schemas/Shared'}
                Detail: {type: object, required: [d], properties: {d: {type: string}}}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });
        bool HasValidate(string type) => run.Sources[$"Inline.InlineClient.Models.{type}.g.cs"].Contains("internal void Validate(string path)", StringComparison.Ordinal);

        foreach (var sent in new[] { "Outer", "Inner", "Item", "Value", "Choice", "A", "B", "Filter", "Shared" })
        {
            Assert.True(HasValidate(sent), sent + " can be sent, so it is checked before sending");
        }

        Assert.False(HasValidate("Reply"), "Reply is only received");
        Assert.False(HasValidate("Detail"), "Detail is only received");
        Assert.Contains("body.Validate(\"body\");", run.Client("Inline.InlineClient"), StringComparison.Ordinal);
        Compiles.Cleanly(run.Compilation);
    }

    [Theory]
    [InlineData("inline.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Holder: {type: object, properties: {s: {const: fixed}, i: {const: 3}, q: {const: '3'}, b: {const: true}, d: {const: 2.5}, o: {const: {a: 1}}}}\n")]
    [InlineData("inline.json", "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"Holder\": {\"type\": \"object\", \"properties\": {\"s\": {\"const\": \"fixed\"}, \"i\": {\"const\": 3}, \"q\": {\"const\": \"3\"}, \"b\": {\"const\": true}, \"d\": {\"const\": 2.5}, \"o\": {\"const\": {\"a\": 1}}}}}}}")]
    public void AConstWithoutATypeIsTypedByItsValue(string name, string text)
    {
        // The reader keeps a const as text only (3, "3" and true all come back as strings); the spec's text tells.
        var run = GeneratorHost.Run(new[] { Specs.Inline(text, name) });

        // The object const is more than the reader can read: left out with a warning, not the end of the client.
        Assert.Equal("CCG0010", Assert.Single(run.Diagnostics).Id);
        var holder = run.Compilation.GetTypeByMetadataName("Inline.Holder")!;
        string TypeOf(string member) => holder.GetMembers(member).OfType<IPropertySymbol>().Single().Type.ToDisplayString();
        Assert.Equal("string?", TypeOf("S"));
        Assert.Equal("int?", TypeOf("I"));
        Assert.Equal("string?", TypeOf("Q"));
        Assert.Equal("bool?", TypeOf("B"));
        Assert.Equal("double?", TypeOf("D"));
        Assert.Equal("System.Text.Json.JsonElement?", TypeOf("O"));
    }

    private static Microsoft.OpenApi.Reader.OpenApiReaderSettings ReaderSettings()
    {
        var settings = new Microsoft.OpenApi.Reader.OpenApiReaderSettings();
        Microsoft.OpenApi.Reader.OpenApiReaderSettingsExtensions.AddYamlReader(settings);
        return settings;
    }
}
