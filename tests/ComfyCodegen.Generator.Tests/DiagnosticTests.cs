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

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("#/components/schemas/Missing", diagnostic.GetMessage());
        Assert.Equal((15, 17), Position(diagnostic));
    }

    [Fact]
    public void DuplicateOperationIdIsAnErrorAtTheSecondOne()
    {
        var yaml = Valid + """

              /b:
                get:
                  operationId: getA
                  responses:
                    '200':
                      description: ok
            """;

        var diagnostic = Single(yaml, "CCG0005");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
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
        Assert.Contains("GetAAsync", run.Sources["Inline.InlineClient.g.cs"]);
    }

    [Fact]
    public void DocumentWithoutVersionIsNotOpenApi()
    {
        var diagnostic = Single("hello: world\n", "CCG0002");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
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
    public void EveryDescriptorHasAUniqueCcgId()
    {
        var ids = Diagnostics.DiagnosticCatalog.All.Select(d => d.Id).ToList();

        Assert.All(ids, id => Assert.Matches("^CCG[0-9]{4}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
