using System.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// Constructs real specs use (seen in the shared corpus) that once stopped the whole client: each is a warning at
/// its place and the client has every operation and compiles cleanly.
/// </summary>
public sealed class RealWorldConstructsTests
{
    private const string Yaml = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /a/{id}:
            get:
              operationId: getA
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Base/allOf/0'}}}}
          /b/{id}:
            get:
              operationId: getB
              parameters:
                - $ref: '#/paths/~1a~1%7Bid%7D/get/parameters/0'
              responses:
                '204': {description: ok}
          /files/{fileId}:
            get:
              operationId: getFile
              parameters: [{name: fileId, in: path, required: true, schema: {type: string}}]
              responses: {'204': {description: ok}}
          /files/{folderId}:
            delete:
              operationId: deleteFolder
              parameters: [{name: folderId, in: path, required: true, schema: {type: string}}]
              responses: {'204': {description: ok}}
          /c:
            get:
              operationId: getC
              responses: {}
          /d:
            get:
              operationId: getD
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/WithRefProps'}}}}
        tags:
          - name: x
            description: {$ref: '#/components/schemas/Base'}
        components:
          schemas:
            Base:
              allOf:
                - {type: object, properties: {a: {type: string}}}
                - {type: object, properties: {b: {type: integer}}}
            Props: {type: object, properties: {p: {type: string}, description: {type: string}}}
            WithRefProps:
              type: object
              properties:
                $ref: '#/components/schemas/Props/properties'
            Holder:
              type: object
              properties:
                list: {type: array, items: {type: string, nullable: true}}
                request: {type: string}
        """;

    [Fact]
    public void EachConstructIsAWarningAndEveryOperationIsGenerated()
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(Yaml) });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var warnings = run.Diagnostics.Where(d => d.Id == "CCG0010").Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1, d.GetMessage())).ToList();
        Assert.Contains(warnings, w => w.Item1 == 10 && w.Item2.Contains("'#/components/schemas/Base/allOf/0' points inside another object"));
        Assert.Contains(warnings, w => w.Item1 == 15 && w.Item2.Contains("'#/paths/~1a~1%7Bid%7D/get/parameters/0'"));
        Assert.Contains(warnings, w => w.Item1 == 23 && w.Item2.Contains("MUST be unique"));
        Assert.Contains(warnings, w => w.Item1 == 31 && w.Item2.Contains("at least one response"));
        Assert.Contains(warnings, w => w.Item1 == 39 && w.Item2.Contains("A description must be a string"));
        Assert.Contains(warnings, w => w.Item1 == 49 && w.Item2.Contains("'#/components/schemas/Props/properties'"));
        Assert.Equal(OperationCensus.InSpec(Yaml).Count, OperationCensus.Generated(run.Sources).Count);

        Compiles.Cleanly(run.Compilation);
        var compilation = run.Compilation;
        var client = compilation.GetTypeByMetadataName("Inline.InlineClient")!;
        IMethodSymbol Method(string name) => client.GetMembers(name).OfType<IMethodSymbol>().Single();

        // The copies are what their references pointed at.
        Assert.Equal("id", Method("GetBAsync").Parameters[0].Name);
        var a = ((INamedTypeSymbol)Method("GetAAsync").ReturnType).TypeArguments[0];
        Assert.Single(a.GetMembers("A"));
        Assert.Empty(a.GetMembers("B"));
        var withRefProps = compilation.GetTypeByMetadataName("Inline.WithRefProps")!;
        Assert.Single(withRefProps.GetMembers("P"));
        // A property named "description" is a schema, not a description to repair.
        Assert.Single(compilation.GetTypeByMetadataName("Inline.Props")!.GetMembers("Description"));
        Assert.Equal("System.Collections.Generic.IReadOnlyList<string?>?", compilation.GetTypeByMetadataName("Inline.Holder")!.GetMembers("List").OfType<IPropertySymbol>().Single().Type.ToDisplayString());
    }

    [Fact]
    public void AJsonSpecIsRepairedTheSameWay()
    {
        const string json = """
            {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
             "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Base/allOf/0"}}}}}}}},
             "components": {"schemas": {"Base": {"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}]},
               "Holder": {"type": "object", "properties": {"$ref": "#/components/schemas/Base/allOf/0/properties"}}}}}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(json, "inline.json") });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(2, run.Diagnostics.Count(d => d.Id == "CCG0010"));
        Compiles.Cleanly(run.Compilation);
        Assert.Single(run.Compilation.GetTypeByMetadataName("Inline.Holder")!.GetMembers("A"));
    }

    [Fact]
    public void TheCensusCountsOperationsWhoseIdOrPathBreaksTheLine()
    {
        // An operationId with a line break in it (each of C#'s line ends): the doc comment goes on over a new line, and
        // the operation is still counted as generated, with its method present.
        const string Spec = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  operationId: "get\u2028A"
                  responses: {'204': {description: ok}}
              /b.json:
                post:
                  operationId: "post\nB\rC\u0085D\u2029E"
                  responses: {'204': {description: ok}}
              /c:
                put:
                  responses: {'204': {description: ok}}
              "/d\u2028e/{the id} ":
                delete:
                  operationId: deleteD
                  parameters: [{name: the id, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: ok}}
              "/f \n\r\ng":
                patch:
                  responses: {'204': {description: ok}}
            """;
        var run = GeneratorHost.Run(new[] { Specs.Inline(Spec) });

        // Paths with a blank or a line end in them (a line end also goes on over a new doc line) are counted too.
        Assert.Equal(new[] { "DELETE /d\ne/{the id} ", "GET /a", "PATCH /f\n<para/>\ng", "POST /b.json", "PUT /c" }, OperationCensus.InSpec(Spec).Order(System.StringComparer.Ordinal));
        Assert.Equal(OperationCensus.InSpec(Spec).Order(System.StringComparer.Ordinal), OperationCensus.Generated(run.Sources).Order(System.StringComparer.Ordinal));
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void AliasesInACycleAreJsonAndTheRestOfTheClientIsGenerated()
    {
        // A and B alias each other, C aliases itself, E leads into the cycle; D holds C and E. The reader threw on
        // any read through one of them: a property typed by C stopped the whole client (CCG0999).
        const string Spec = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /d:
                get:
                  operationId: getD
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/D'}}}}
              /a:
                get:
                  operationId: getA
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
            components:
              schemas:
                A: {$ref: '#/components/schemas/B'}
                B: {$ref: '#/components/schemas/A'}
                C: {$ref: '#/components/schemas/C', description: Itself}
                E: {$ref: '#/components/schemas/A'}
                D:
                  type: object
                  properties:
                    c: {$ref: '#/components/schemas/C'}
                    e: {$ref: '#/components/schemas/E'}
                    n: {type: integer}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(Spec) });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var cycles = run.Diagnostics.Where(d => d.Id == "CCG0007").Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1, d.GetMessage())).ToList();
        Assert.Equal(new[] { 16, 17, 18 }, cycles.Select(c => c.Item1));
        Assert.All(cycles.Zip("ABC"), pair => Assert.Contains($"The schema '{pair.Second}' refers to itself through plain aliases and is typed as JsonElement", pair.First.Item2));
        Assert.DoesNotContain(run.Diagnostics, d => d.GetMessage().Contains("Circular", System.StringComparison.Ordinal));
        Compiles.Cleanly(run.Compilation);
        var d = run.Compilation.GetTypeByMetadataName("Inline.D")!;
        string TypeOf(string member) => d.GetMembers(member).OfType<IPropertySymbol>().Single().Type.ToDisplayString();
        Assert.Equal("System.Text.Json.JsonElement?", TypeOf("C"));
        Assert.Equal("System.Text.Json.JsonElement?", TypeOf("E"));
        Assert.Equal("int?", TypeOf("N"));
    }

    [Fact]
    public void TagsThatAreNotAListOfNamesAreLeftOut()
    {
        // Each stopped the whole client: the reader threw on a blank name, and wanted a list of scalars.
        const string Spec = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            tags: {name: not a list}
            paths:
              /a:
                get:
                  operationId: getA
                  tags: ['   ', jobs, {name: x}, [], '']
                  responses: {'204': {description: ok}}
              /b:
                get:
                  operationId: getB
                  tags: jobs
                  responses: {'204': {description: ok}}
                  callbacks:
                    done:
                      '{$request.body#/url}':
                        post:
                          tags: [' ']
                          responses: {'204': {description: ok}}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(Spec) });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var warnings = run.Diagnostics.Where(d => d.Id == "CCG0010").Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1, d.GetMessage())).ToList();
        Assert.Contains((3, 1, "Tags must be a list; they are left out"), warnings);
        Assert.Contains((8, 14, "A tag must be a name; this one is left out"), warnings);
        Assert.Contains((8, 27, "A tag must be a name; this one is left out"), warnings);
        Assert.Contains((8, 38, "A tag must be a name; this one is left out"), warnings);
        Assert.Contains((8, 42, "A tag must be a name; this one is left out"), warnings);
        Assert.Contains((13, 7, "Tags must be a list; they are left out"), warnings);
        Assert.Contains((19, 22, "A tag must be a name; this one is left out"), warnings);
        Assert.Equal(7, warnings.Count);
        // The names that were kept group the methods: jobs, then GET /b with none left.
        Assert.Contains("GetAAsync", run.Sources["Inline.InlineClient.Operations.Jobs.g.cs"], System.StringComparison.Ordinal);
        Assert.Contains("GetBAsync", run.Sources["Inline.InlineClient.Operations.Untagged.g.cs"], System.StringComparison.Ordinal);
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void AUnionAlternativeThatIsTheUnionItselfIsLeftOut()
    {
        // Item aliases Value, so Value's third alternative is Value: an implicit conversion of a type to itself (CS0555).
        const string Spec = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /v:
                post:
                  operationId: postV
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Value'}}}}
                  responses: {'204': {description: ok}}
            components:
              schemas:
                Value:
                  oneOf:
                    - type: string
                    - type: integer
                    - $ref: '#/components/schemas/Item'
                Item: {$ref: '#/components/schemas/Value'}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(Spec) });

        var warning = Assert.Single(run.Diagnostics, d => d.Id == "CCG0010");
        Assert.Equal((15, 11), (warning.Location.GetLineSpan().StartLinePosition.Line + 1, warning.Location.GetLineSpan().StartLinePosition.Character + 1));
        Assert.Contains("the union 'Value' itself", warning.GetMessage(), System.StringComparison.Ordinal);
        Compiles.Cleanly(run.Compilation);
        var value = run.Compilation.GetTypeByMetadataName("Inline.Value")!;
        Assert.Equal(new[] { "FromInt32", "FromString" }, value.GetMembers().Where(m => m.Name.StartsWith("From", System.StringComparison.Ordinal)).Select(m => m.Name).Order(System.StringComparer.Ordinal));
    }
}
