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
    private const string Spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Thing: {type: object}\n    Unused: {type: object}\n";

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

    /// <summary>A registry over a small spec; DiagnosticTests uses it for CCG0012, which the real passes never give.</summary>
    internal static (ParseContext Context, TypeNameRegistry Registry) Create()
    {
        var context = new ParseContext("/specs/names.yaml", Spec, CancellationToken.None);
        return (context, new TypeNameRegistry(context, new ClientNames("NamesClient")));
    }
}
