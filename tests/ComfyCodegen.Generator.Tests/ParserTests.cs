using System.Linq;
using System.Threading;
using ComfyCodegen.Generator.Model;
using ComfyCodegen.Generator.Parsing;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>What the parser makes of a spec: names, types, required versus nullable, constraints, defaults.</summary>
public sealed class ParserTests
{
    private static ClientSpec Workbench()
    {
        var spec = Specs.Test("workbench.yaml", "Workbench");
        var result = SpecParser.Parse(new SpecInput(spec.Path, spec.Text, spec.Namespace, spec.ClientName, "Root"), CancellationToken.None);
        Assert.NotNull(result.Spec);
        return result.Spec!;
    }

    private static ObjectSpec Object(ClientSpec spec, string name) => Assert.IsType<ObjectSpec>(spec.Types.Single(t => t.Name == name));

    [Fact]
    public void ClientNameAndNamespaceComeFromMetadataOrDefaults()
    {
        var spec = Specs.Test("workbench.yaml");
        var defaults = SpecParser.Parse(new SpecInput(spec.Path, spec.Text, null, null, "My.Root"), CancellationToken.None).Spec!;
        var explicitOnes = SpecParser.Parse(new SpecInput(spec.Path, spec.Text, "A.B", "BenchClient", "My.Root"), CancellationToken.None).Spec!;

        Assert.Equal("My.Root", defaults.Namespace);
        Assert.Equal("WorkbenchClient", defaults.ClientName);
        Assert.Equal("A.B", explicitOnes.Namespace);
        Assert.Equal("BenchClient", explicitOnes.ClientName);
        Assert.Equal("https://workbench.example.test/v1", defaults.DefaultServerUrl);
    }

    [Fact]
    public void RequiredAndNullableAreIndependent()
    {
        var item = Object(Workbench(), "Item");

        var name = item.Properties.Single(p => p.JsonName == "name");
        var note = item.Properties.Single(p => p.JsonName == "note");
        var created = item.Properties.Single(p => p.JsonName == "created");
        Assert.True(name.Required);
        Assert.False(name.Type.IsNullable);
        Assert.True(note.Required);
        Assert.True(note.Type.IsNullable);
        Assert.False(created.Required);
        Assert.False(created.Type.IsNullable);
    }

    [Fact]
    public void FormatsMapToDotNetTypes()
    {
        var item = Object(Workbench(), "Item");

        Assert.Equal(TypeKind.Guid, item.Properties.Single(p => p.JsonName == "id").Type.Kind);
        Assert.Equal(TypeKind.DateOnly, item.Properties.Single(p => p.JsonName == "created").Type.Kind);
        Assert.Equal(TypeKind.Json, item.Properties.Single(p => p.JsonName == "payload").Type.Kind);
        var labels = item.Properties.Single(p => p.JsonName == "labels").Type;
        Assert.Equal(TypeKind.Map, labels.Kind);
        Assert.Equal(TypeKind.String, labels.Element!.Kind);
        var system = Object(Workbench(), "System");
        Assert.Equal(TypeKind.Int64, system.Properties.Single(p => p.JsonName == "String").Type.Kind);
    }

    [Fact]
    public void NamesAreMadeSafeAndUnique()
    {
        var item = Object(Workbench(), "Item");

        // "item" in Item would be a member named like its type (CS0542): renamed.
        Assert.Equal("ItemValue", item.Properties.Single(p => p.JsonName == "item").Name);
        // "id" and "Id" both want "Id": the first by ordinal order of the JSON names keeps it, wherever the spec lists them.
        Assert.Equal("Id", item.Properties.Single(p => p.JsonName == "Id").Name);
        Assert.Equal("Id2", item.Properties.Single(p => p.JsonName == "id").Name);
        var getItem = Workbench().Operations.Single(o => o.OperationId == "getItem");
        Assert.Equal("itemId", getItem.Parameters.Single(p => p.Name == "item-id").ParameterName);
        Assert.Equal("xTraceId", getItem.Parameters.Single(p => p.Name == "X-Trace.Id").ParameterName);
    }

    [Fact]
    public void EnumValuesBecomeValidMemberNames()
    {
        var kind = Assert.IsType<EnumSpec>(Workbench().Types.Single(t => t.Name == "Kind"));

        Assert.Equal(
            new[] { ("ImagePng", "image/png"), ("_1x", "1x"), ("_3d", "3d"), ("Empty", ""), ("Minus", "-"), ("True", "true"), ("Class", "class") },
            kind.Members.Select(m => (m.Name, m.Value)).ToArray());
    }

    [Fact]
    public void InlineSchemasAreNamedFromWhereTheyStand()
    {
        var spec = Workbench();

        Assert.Contains(spec.Types, t => t.Name == "ListItemsResponse");
        var cloud = SpecParser.Parse(new SpecInput(Specs.Cloud.Path, Specs.Cloud.Text, "Comfy.Cloud", "ComfyCloudClient", null), CancellationToken.None).Spec!;
        Assert.Contains(cloud.Types, t => t.Name == "UploadAssetMultipartRequest");
        Assert.Contains(cloud.Types, t => t.Name == "UploadAssetJsonRequest");
        Assert.DoesNotContain(cloud.Types, t => t.Name.StartsWith("Body") || t.Name.StartsWith("Response"));
    }

    [Fact]
    public void AllOfMergesPropertiesAndRequiredLists()
    {
        var problem = Object(Workbench(), "Problem");

        Assert.Equal(new[] { "code", "detail" }, problem.Properties.Select(p => p.JsonName).ToArray());
        Assert.True(problem.Properties.Single(p => p.JsonName == "code").Required);
        Assert.False(problem.Properties.Single(p => p.JsonName == "detail").Required);
    }

    [Fact]
    public void OneOfBecomesAUnionWithAVariantPerAlternative()
    {
        var value = Assert.IsType<UnionSpec>(Workbench().Types.Single(t => t.Name == "Value"));

        Assert.Equal(new[] { "String", "Int32", "NewItem" }, value.Variants.Select(v => v.Name).ToArray());
        Assert.Equal(new[] { JsonShape.String, JsonShape.Number, JsonShape.Object }, value.Variants.Select(v => v.Shape).ToArray());
    }

    [Fact]
    public void ParametersKeepConstraintsDefaultsAndStyle()
    {
        var list = Workbench().Operations.Single(o => o.OperationId == "listItems");

        var limit = list.Parameters.Single(p => p.Name == "limit");
        Assert.Equal("10", limit.DefaultLiteral);
        Assert.Equal("1", limit.Type.Constraints!.Minimum);
        Assert.Equal("50", limit.Type.Constraints.Maximum);
        var ratio = list.Parameters.Single(p => p.Name == "ratio");
        Assert.True(ratio.Type.Constraints!.ExclusiveMinimum);
        Assert.Equal("0", ratio.Type.Constraints.Minimum);
        var kinds = list.Parameters.Single(p => p.Name == "kinds");
        Assert.False(kinds.Explode);
        Assert.Equal(3, kinds.Type.Constraints!.MaxItems);
        Assert.Empty(list.Security);
        Assert.Equal(new[] { "KeyAuth" }, Workbench().Operations.Single(o => o.OperationId == "getItem").Security.ToArray());
    }

    [Fact]
    public void EqualTextGivesEqualModels()
    {
        // Roslyn caches on model equality: two parses of the same text must compare equal, deeply.
        var first = Workbench();
        var second = Workbench();

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void KeywordParameterNamesAreEscapedAndHostileDefaultsStayLiterals()
    {
        var list = Workbench().Operations.Single(o => o.OperationId == "listItems");

        Assert.Equal("@class", list.Parameters.Single(p => p.Name == "class").ParameterName);
        Assert.Equal("\"a\\\"b\\\\c\\nd */ <e>\"", list.Parameters.Single(p => p.Name == "label").DefaultLiteral);
    }

    [Fact]
    public void JsonSpecsAreReadLikeYaml()
    {
        const string Json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "Json Thing", "version": "1" },
              "paths": {
                "/things/{id}": {
                  "get": {
                    "operationId": "getThing",
                    "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } } ],
                    "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } }
                  }
                }
              },
              "components": { "schemas": { "Thing": { "type": "object", "required": ["name"], "properties": { "name": { "type": ["string", "null"] } } } } }
            }
            """;

        var result = SpecParser.Parse(new SpecInput("/specs/thing.json", Json, null, null, "Root"), CancellationToken.None);

        Assert.Empty(result.Diagnostics);
        var spec = Assert.IsType<ClientSpec>(result.Spec);
        Assert.Equal("JsonThingClient", spec.ClientName);
        Assert.Equal(TypeKind.Int64, spec.Operations.Single().Parameters.Single().Type.Kind);
        var name = Object(spec, "Thing").Properties.Single();
        Assert.True(name.Required);
        Assert.True(name.Type.IsNullable);
    }

    [Fact]
    public void AllOfOfOneReferenceWithNullableIsANullableReference()
    {
        var v2 = SpecParser.Parse(new SpecInput(Specs.V2.Path, Specs.V2.Text, "Comfy.V2", "V2Client", null), CancellationToken.None).Spec!;

        var progress = Object(v2, "Job").Properties.Single(p => p.JsonName == "progress");

        Assert.True(progress.Required);
        Assert.True(progress.Type.IsNullable);
        Assert.Equal("Progress", progress.Type.Name);
    }

    [Fact]
    public void ServersKeepTheirVariables()
    {
        var v2 = SpecParser.Parse(new SpecInput(Specs.V2.Path, Specs.V2.Text, "Comfy.V2", "V2Client", null), CancellationToken.None).Spec!;

        Assert.Equal(3, v2.Servers.Count);
        var variable = Assert.Single(v2.Servers[2].Variables);
        Assert.Equal("deployment", variable.Name);
        Assert.StartsWith("dep-", variable.Default);
        Assert.Equal("http://127.0.0.1:8189", v2.DefaultServerUrl);
    }
}
