using System.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>A broken spec gets a CCG diagnostic at the spec's file, line and column — never an exception.</summary>
public sealed class DiagnosticTests
{
    private const string Valid = """
        openapi: 3.0.3
        info:
          title: Tiny
          version: '1'
        paths:
          /a:
            get:
              operationId: getA
              responses:
                '200':
                  description: ok
        """;

    private static Diagnostic Single(string yaml, string id)
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });
        return Assert.Single(run.Diagnostics, d => d.Id == id);
    }

    private static (int Line, int Column) Position(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/specs/inline.yaml", span.Path);
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    [Fact]
    public void ValidSpecHasNoDiagnosticsAndGeneratesCode()
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(Valid) });

        Assert.Empty(run.Diagnostics);
        Assert.Contains("Inline.InlineClient.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void YamlSyntaxErrorIsLocated()
    {
        var diagnostic = Single("openapi: 3.0.3\ninfo: {title: t\npaths: {}\n", "CCG0001");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal((3, 6), Position(diagnostic));
    }

    [Fact]
    public void AJsonSyntaxErrorIsCcg0001AtTheFault()
    {
        // A missing comma before "paths": the reader said CCG0009 at (1,1), with a 0-based byte position in its
        // message; the é before the fault is two bytes but one column.
        var run = GeneratorHost.Run(new[] { Specs.Inline("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"x-é\": 1 \"paths\": {}\n}\n", "inline.json") });

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CCG0001", diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((4, 12), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.DoesNotContain("LineNumber", diagnostic.GetMessage());
    }

    [Fact]
    public void AYamlTabIsReportedWhereTheTabIs()
    {
        // SharpYaml reports it for the block scalar it breaks (line 5) with 0-based marks beside 1-based ones.
        var diagnostic = Single("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n  description: |\n    line one\n  \tbad tab\npaths: {}\n", "CCG0001");

        Assert.Equal((7, 3), Position(diagnostic));
        Assert.DoesNotContain("Lin:", diagnostic.GetMessage());
        Assert.Contains("tab", diagnostic.GetMessage());
    }

    [Fact]
    public void UnresolvedReferenceIsLocatedAtItsRef()
    {
        var yaml = Valid.Replace("description: ok", """
            description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Missing'
            """);

        var diagnostic = Single(yaml, "CCG0004");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("#/components/schemas/Missing", diagnostic.GetMessage());
        Assert.Contains("typed as JsonElement", diagnostic.GetMessage());
        Assert.Equal((15, 17), Position(diagnostic));
    }

    [Fact]
    public void UnresolvedReferencesAreWarningsAndTheRestIsGenerated()
    {
        // A schema, a parameter, a request body and a response that point nowhere: each site falls back, the other
        // operation is untouched, and the client compiles.
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a/{id}:
                post:
                  operationId: broken
                  parameters:
                    - $ref: '#/components/parameters/Nope'
                  requestBody:
                    $ref: '#/components/requestBodies/Nope'
                  responses:
                    '200':
                      $ref: '#/components/responses/Nope'
                    '201':
                      description: ok
                      content:
                        application/json:
                          schema: {type: object, properties: {x: {$ref: '#/components/schemas/Nope'}}}
              /b:
                get:
                  operationId: fine
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {type: object, properties: {y: {type: integer}}}}}}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        var references = run.Diagnostics.Where(d => d.Id == "CCG0004").ToList();
        Assert.Equal(4, references.Count);
        Assert.All(references, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Compiles.Cleanly(run.Compilation);
        var client = run.Compilation.GetTypeByMetadataName("Inline.InlineClient")!;
        var broken = client.GetMembers("BrokenAsync").OfType<IMethodSymbol>().Single();
        Assert.Equal(new[] { "id", "body", "cancellationToken" }, broken.Parameters.Select(p => p.Name).ToArray());
        Assert.Equal("System.Text.Json.JsonElement?", broken.Parameters[1].Type.ToDisplayString());
        Assert.Single(client.GetMembers("FineAsync"));
        var x = run.Compilation.GetTypeByMetadataName("Inline.BrokenResponse")!.GetMembers("X").OfType<IPropertySymbol>().Single();
        Assert.Equal("System.Text.Json.JsonElement?", x.Type.ToDisplayString());
    }

    [Fact]
    public void RulesTheDocumentBreaksAreWarningsThatNameTheSchema()
    {
        // The reader's own findings ("Schema  must contain property specified in the discriminator…", with no name)
        // stopped the whole client; the code generated from such a spec is sound.
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /things/{id}:
                get:
                  operationId: getThing
                  parameters:
                    - {name: id, in: path, schema: {type: string}}
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
            components:
              schemas:
                Pet:
                  type: object
                  properties: {kind: {type: string}, lives: {type: integer}}
                  discriminator: {propertyName: kind}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var findings = run.Diagnostics.Where(d => d.Id == "CCG0010").Select(d => d.GetMessage()).ToList();
        Assert.Contains(findings, m => m.Contains("'required' must be true", System.StringComparison.OrdinalIgnoreCase) || m.Contains("\"required\" must be true", System.StringComparison.Ordinal));
        Assert.Contains(findings, m => m.StartsWith("Schema 'Pet' must contain property specified in the discriminator kind", System.StringComparison.Ordinal));
        Compiles.Cleanly(run.Compilation);
        // A path parameter is required whatever the spec says: the path cannot be built without it.
        var method = run.Compilation.GetTypeByMetadataName("Inline.InlineClient")!.GetMembers("GetThingAsync").OfType<IMethodSymbol>().Single();
        Assert.Equal("string", method.Parameters[0].Type.ToDisplayString());
    }

    [Fact]
    public void DuplicateOperationIdIsAWarningAtTheSecondOne()
    {
        var yaml = Valid + """

              /b:
                get:
                  operationId: getA
                  responses:
                    '200':
                      description: ok
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "CCG0005");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("GetA2Async", run.Client("Inline.InlineClient"));
        Assert.Equal((14, 7), Position(diagnostic));
        Assert.Contains("GET /a", diagnostic.GetMessage());
    }

    [Fact]
    public void MissingOperationIdIsInfoAndTheNameIsDerived()
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(Valid.Replace("      operationId: getA\n", string.Empty)) });

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "CCG0006");
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal((7, 5), Position(diagnostic));
        Assert.Contains("GetAAsync", run.Client("Inline.InlineClient"));
    }

    [Fact]
    public void DocumentWithoutVersionIsNotOpenApi()
    {
        var diagnostic = Single("hello: world\n", "CCG0002");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal((1, 1), Position(diagnostic));
    }

    [Theory]
    [InlineData("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", "2.0")]
    [InlineData("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "4.0.0")]
    public void UnsupportedVersionsAreReported(string yaml, string version)
    {
        var diagnostic = Single(yaml, "CCG0003");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(version, diagnostic.GetMessage());
        Assert.Equal((1, 1), Position(diagnostic));
    }

    [Fact]
    public void SpecWithErrorsGeneratesNothing()
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline("openapi: 3.0.3\ninfo: {title: t\npaths: {}\n") });

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void UnsupportedConstructIsAWarningAndTheRestIsGenerated()
    {
        var yaml = Valid + """

            components:
              securitySchemes:
                Basic:
                  type: http
                  scheme: digest
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "CCG0007");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal((14, 5), Position(diagnostic));
        Assert.Contains("GetAAsync", run.Client("Inline.InlineClient"));
    }

    [Fact]
    public void APatternDotNetCannotCompileIsAWarningAndNotChecked()
    {
        var yaml = Valid + """

            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    code:
                      type: string
                      pattern: '(['
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "CCG0007");
        Assert.Contains("'(['", diagnostic.GetMessage());
        Assert.Equal((19, 11), Position(diagnostic));
        Assert.DoesNotContain("Pattern(", run.Sources["Inline.InlineClient.Models.Thing.g.cs"]);
        Assert.True(GeneratorHost.CompileDiagnostics(run.Compilation).IsEmpty);
    }

    [Fact]
    public void RenamedIdentifierIsInfoAtTheProperty()
    {
        var yaml = Valid + """

            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    thing:
                      type: string
            """;

        var diagnostic = Single(yaml, "CCG0008");

        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("'thing' is emitted as 'ThingValue'", diagnostic.GetMessage());
        Assert.Equal((17, 9), Position(diagnostic));
    }

    [Fact]
    public void ABrokenOpenApiRuleIsAWarningWhereTheRuleIsBroken()
    {
        var diagnostic = Single(Valid.Replace("  version: '1'\n", string.Empty), "CCG0010");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("version", diagnostic.GetMessage());
        Assert.Equal((2, 1), Position(diagnostic));
    }

    [Fact]
    public void AnUnknownFieldIsLocatedFromThePointerInTheReadersMessage()
    {
        var diagnostic = Single(Valid.Replace("      operationId: getA", "      operationId: getA\n      color: blue"), "CCG0009");

        Assert.Contains("color", diagnostic.GetMessage());
        Assert.Equal((7, 5), Position(diagnostic));
    }

    [Fact]
    public void AnUndeclaredPathParameterIsAWarningAndStillUsable()
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(Valid.Replace("  /a:", "  /a/{id}:")) });

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "CCG0010");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal((7, 5), Position(diagnostic));
        Assert.Contains("GetAAsync(string id,", run.Client("Inline.InlineClient"));
        Assert.True(GeneratorHost.CompileDiagnostics(run.Compilation).IsEmpty);
    }

    [Fact]
    public void AnApiKeyEnvironmentVariableThatIsNoNameIsAWarningAtTheSpec()
    {
        var spec = Specs.Inline("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n") with { ApiKeyEnvironmentVariable = "COMFY API KEY" };

        var run = GeneratorHost.Run(new[] { spec });

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CCG0011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'COMFY API KEY'", diagnostic.GetMessage());
        Assert.Equal("/specs/inline.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.True(GeneratorHost.CompileDiagnostics(run.Compilation).IsEmpty);
    }

    [Fact]
    public void AnUnexpectedFailureBecomesADiagnosticAtTheSpec()
    {
        // A model the parser never produces (an array without an item type) makes the emitter throw.
        var broken = new Model.ClientSpec(
            "Broken",
            "BrokenClient",
            "Broken",
            null,
            null,
            Helpers.EquatableArray<Model.SecuritySchemeSpec>.Empty,
            Helpers.EquatableArray<Model.OperationSpec>.Empty,
            new Helpers.EquatableArray<Model.TypeSpec>(new Model.TypeSpec[]
            {
                new Model.ObjectSpec("Thing", null, false, new Helpers.EquatableArray<Model.PropertySpec>(new[] { new Model.PropertySpec("x", "X", new Model.TypeRef(Model.TypeKind.Array), true, null, false, false, false) }), null),
            }),
            "/specs/broken.yaml");

        var output = OpenApiClientGenerator.EmitSafely(broken);

        Assert.Empty(output.Files);
        var diagnostic = output.Failure!.ToDiagnostic();
        Assert.Equal("CCG0999", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/specs/broken.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void PassesThatDisagreeOnTypeNamesAreReportedWhereTheyDisagree()
    {
        // The parser's passes always agree (CorpusTests and MutationTests prove it on 2,000+ specs), so the registry is
        // driven by hand: the first pass asks for 'Unused', which the second never uses, and the second names a type
        // the first did not ask for.
        var (context, registry) = TypeNameRegistryTests.Create();
        context.NamingPass = true;
        registry.Name("Thing", "#/components/schemas/Thing", Parsing.TypeNameKind.Object, fromSpec: true);
        registry.Name("Unused", "#/components/schemas/Unused", Parsing.TypeNameKind.Object, fromSpec: true);
        context.NamingPass = false;
        registry.Resolve();
        registry.Name("Thing", "#/components/schemas/Thing", Parsing.TypeNameKind.Object, fromSpec: true);
        var late = registry.Name("Thing", "#/paths", Parsing.TypeNameKind.Object, fromSpec: false);
        registry.ReportIfThePassesDisagreed();

        // Still unique, though late.
        Assert.Equal("Thing2", late);
        var reports = context.Diagnostics.Select(d => d.ToDiagnostic()).Where(d => d.Id == "CCG0012").ToList();
        Assert.Equal(2, reports.Count);
        Assert.All(reports, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        var lateReport = Assert.Single(reports, d => d.GetMessage().Contains("the second pass named a type the first did not ask for"));
        Assert.Equal(2, lateReport.Location.GetLineSpan().StartLinePosition.Line);
        var unused = Assert.Single(reports, d => d.GetMessage().Contains("the first pass asked for the name 'Unused', which the second did not use"));
        Assert.Equal(6, unused.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("/specs/names.yaml", unused.Location.GetLineSpan().Path);
    }

    [Fact]
    public void EveryCatalogEntryIsCoveredByATestHere()
    {
        var source = System.IO.File.ReadAllText(ThisFile());
        foreach (var descriptor in Diagnostics.DiagnosticCatalog.All)
        {
            Assert.Contains($"\"{descriptor.Id}\"", source);
        }
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Fact]
    public void EveryDescriptorHasAUniqueCcgId()
    {
        var ids = Diagnostics.DiagnosticCatalog.All.Select(d => d.Id).ToList();

        Assert.All(ids, id => Assert.Matches("^CCG[0-9]{4}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
