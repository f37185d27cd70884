using System.Linq;
using System.Threading;
using ComfyCodegen.Generator.Model;
using ComfyCodegen.Generator.Parsing;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// The parser's two passes over a spec: the first asks for every type name (and skips the rest of the mapping), the
/// second uses them. They must see the same types, or names would depend on the spec's order; when they do not, that
/// is reported (CCG0012), never silent.
/// </summary>
public sealed class TypeNameRegistryTests
{
    private const string Spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Thing: {type: object}\n";

    [Fact]
    public void PassesThatAskForTheSameNamesReportNothing()
    {
        var (context, registry) = Create();

        context.NamingPass = true;
        registry.Name("Thing", "#/components/schemas/Thing", TypeNameKind.Object, fromSpec: true);
        registry.Name("ThingItem", "#/components/schemas/Thing/items", TypeNameKind.Object, fromSpec: false);
        context.NamingPass = false;
        registry.Resolve();
        var thing = registry.Name("Thing", "#/components/schemas/Thing", TypeNameKind.Object, fromSpec: true);
        var item = registry.Name("ThingItem", "#/components/schemas/Thing/items", TypeNameKind.Object, fromSpec: false);
        registry.ReportIfThePassesDisagreed();

        Assert.Equal(("Thing", "ThingItem"), (thing, item));
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public void ANameOnlyTheSecondPassAsksForAndOneItNeverUsesAreBothReported()
    {
        var (context, registry) = Create();

        context.NamingPass = true;
        registry.Name("Thing", "#/components/schemas/Thing", TypeNameKind.Object, fromSpec: true);
        registry.Name("Unused", "#/components/schemas/Unused", TypeNameKind.Object, fromSpec: true);
        context.NamingPass = false;
        registry.Resolve();
        registry.Name("Thing", "#/components/schemas/Thing", TypeNameKind.Object, fromSpec: true);
        // Asked only now, and named like one the first pass took: still unique.
        var late = registry.Name("Thing", "#/paths/~1things/get/responses", TypeNameKind.Object, fromSpec: false);
        registry.ReportIfThePassesDisagreed();

        Assert.Equal("Thing2", late);
        var reports = context.Diagnostics.Where(d => d.Id == "CCG0012").ToList();
        Assert.Equal(2, reports.Count);
        Assert.Contains(reports, d => d.ToDiagnostic().GetMessage().Contains("the second pass named a type the first did not ask for"));
        Assert.Contains(reports, d => d.ToDiagnostic().GetMessage().Contains("the first pass asked for the name 'Unused', which the second did not use"));
    }

    private static (ParseContext Context, TypeNameRegistry Registry) Create()
    {
        var context = new ParseContext("/specs/names.yaml", Spec, CancellationToken.None);
        return (context, new TypeNameRegistry(context, new ClientNames("NamesClient")));
    }
}
