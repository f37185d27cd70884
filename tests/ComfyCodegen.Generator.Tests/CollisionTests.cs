using System;
using System.Collections.Generic;
using System.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// A spec whose names collide every way we know (schemas against operation results, request bodies, the client, its
/// interface, converters and each other; operationIds that differ only in case or underscores; a page walker against
/// an operation; parameters named like the generated locals): generation succeeds, compiles cleanly, names are the
/// documented ones whatever order the spec lists things in, and each rename is reported.
/// </summary>
public sealed class CollisionTests
{
    private const string ClientName = "ComfyCloudClient";

    private static readonly string[] Paths =
    {
        """
          /things/{id}:
            get:
              operationId: getThing
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: cancellationToken, in: query, schema: {type: string}}
                - {name: request, in: query, schema: {type: string, minLength: 1}}
                - {name: response, in: query, schema: {type: string}}
                - {name: client, in: query, schema: {type: string}}
                - {name: body, in: query, schema: {type: string}}
                - {name: x, in: query, schema: {type: array, items: {type: integer}}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
                '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/Foo'}}}}
        """,
        """
          /tags-a:
            get:
              operationId: list_tags
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
        """,
        """
          /tags-b:
            get:
              operationId: listTags
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: object, properties: {b: {type: string}}}}}}
        """,
        """
          /tags-c:
            get:
              operationId: ListTags
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: object, properties: {c: {type: string}}}}}}
        """,
        """
          /things:
            get:
              operationId: getThings
              parameters:
                - {name: offset, in: query, schema: {type: integer}}
                - {name: limit, in: query, schema: {type: integer}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items, has_more]
                        properties:
                          items: {type: array, items: {$ref: '#/components/schemas/Thing'}}
                          has_more: {type: boolean}
            post:
              operationId: createThing
              parameters:
                - {name: content, in: query, schema: {type: string}}
                - {name: form, in: query, schema: {type: string}}
                - {name: part0, in: query, schema: {type: string}}
                - {name: file, in: query, schema: {type: string}}
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        name: {type: string}
                        tags: {type: array, items: {type: string}}
                        meta: {type: object, properties: {k: {type: string}}}
              responses:
                '204': {description: done}
        """,
        """
          /things-all:
            get:
              operationId: getThingsAll
              responses:
                '204': {description: done}
        """,
        """
          /all-things:
            get:
              operationId: getAllThings
              responses:
                '204': {description: done}
        """,
        """
          /forms:
            post:
              operationId: sendForm
              parameters:
                - {name: fields, in: query, schema: {type: string}}
                - {name: f0, in: query, schema: {type: string}}
              requestBody:
                required: true
                content:
                  application/x-www-form-urlencoded:
                    schema: {$ref: '#/components/schemas/CreateThingRequest'}
              responses:
                '204': {description: done}
        """,
        """
          /events:
            get:
              operationId: streamThings
              x-sse-events:
                fromServerSentEvent: {schema: '#/components/schemas/Thing'}
                id: {schema: '#/components/schemas/Thing'}
                streamThingsEvent2: {schema: '#/components/schemas/Thing'}
              responses:
                '200': {description: events, content: {text/event-stream: {schema: {type: string}}}}
        """,
    };

    private static readonly string[] Schemas =
    {
        "    GetThingResult: {type: object, properties: {a: {type: string}}}",
        "    CreateThingRequest: {type: object, properties: {b: {type: string}}}",
        "    ComfyCloudClient: {type: object, properties: {c: {type: string}}}",
        "    IComfyCloudClient: {type: object, properties: {d: {type: string}}}",
        "    Foo: {type: object, properties: {e: {type: string}}}",
        "    FooJsonConverter: {type: object, properties: {f: {type: string}}}",
        "    foo: {type: object, properties: {g: {type: string}}}",
        "    Thing: {type: object, properties: {id: {type: string}}}",
        "    StreamThingsEvent: {type: object, properties: {h: {type: string}}}",
        "    ListTagsResponse: {type: object, properties: {i: {type: string}}}",
        "    Validate: {type: object, properties: {j: {type: string}}}",
        "    Index: {oneOf: [{type: string}, {type: integer}]}",
        "    Mode: {type: string, enum: [a, b]}",
        "    mode: {type: string, enum: [c]}",
    };

    internal static string Spec(bool reversed)
    {
        var paths = reversed ? Paths.Reverse() : Paths;
        var schemas = reversed ? Schemas.Reverse() : Schemas;
        return "openapi: 3.0.3\ninfo: {title: Collisions, version: '1'}\npaths:\n"
            + string.Join("\n", paths.Select(p => p.TrimEnd()))
            + "\ncomponents:\n  schemas:\n"
            + string.Join("\n", schemas)
            + "\n";
    }

    private static GeneratorRun Run(bool reversed = false) =>
        GeneratorHost.Run(new[] { Specs.Inline(Spec(reversed), "collisions.yaml", "Collide", ClientName) });

    [Fact]
    public void CollidingSpecGeneratesAndCompilesWithoutWarnings()
    {
        var run = Run();

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains("Collide.ComfyCloudClient.g.cs", run.Sources.Keys);
        Compiles.Cleanly(run.Compilation);
    }

    /// <summary>
    /// The converters use short names in the Serialization namespace (Json, Metadata, Reading, Primitives, RuntimeJson,
    /// GeneratedCode); schemas of those names, and of the namespaces they stand for, must not capture them.
    /// </summary>
    [Fact]
    public void SchemasNamedLikeTheConvertersShortNamesCannotCaptureThem()
    {
        // The aliases, the names the converters' code uses (the base class's members, the locals), and names of the
        // Serialization namespace's own classes: a converter that names a schema simply must still find the schema.
        string[] names =
        [
            "Json", "Metadata", "Reading", "Primitives", "RuntimeJson", "GeneratedCode", "Sys", "System", "Text", "ComfyCodegen",
            "Runtime", "Serialization2", "Start", "Next", "NextOrOther", "Read", "Write", "WriteOptional", "RequiredStruct",
            "Present", "Type", "Instance", "Seen", "Member", "Other", "P0", "Value", "ValueJsonConverter", "ShadowsClientPatterns",
            "JsonObjectReader", "JsonObjectWriter", "Class", "Struct", "Optional", "Nullable", "RequiredClass", "Reader", "Writer",
        ];
        const string Members = """
                  type: object
                  required: [value]
                  properties:
                    value: {type: string, pattern: '^[a-z]+$'}
                    at: {type: string, format: date-time}
                    id: {type: string, format: uuid}
                    any: {}
                    list: {type: array, items: {type: string}}
                    map: {type: object, additionalProperties: {type: integer}}
                    kind: {type: string, enum: [a, b]}
                    either: {oneOf: [{type: string}, {type: integer}]}

            """;
        // Every other schema keeps the members it does not name, as nullable numbers or nullable text: both ways the
        // converters read and write such members.
        var schemas = string.Concat(names.Select((name, i) => "    " + name + ":\n" + Members.TrimEnd('\n') + "\n"
            + (i % 2 == 0 ? "      additionalProperties: {type: integer, nullable: true}\n" : "      additionalProperties: {type: string, nullable: true}\n")));
        var bodyMembers = string.Concat(names.Select(name => "                  " + name.ToLowerInvariant() + ": {$ref: '#/components/schemas/" + name + "'}\n"));
        var yaml = """
            openapi: 3.0.3
            info: {title: Shadows, version: '1'}
            paths:
              /all:
                post:
                  operationId: postAll
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:

            """ + bodyMembers + """
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Json'}}}}
            components:
              schemas:

            """ + schemas;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml, "shadows.yaml", "Shadows", "ShadowsClient") });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains("Shadows.ShadowsClient.Models.Json.g.cs", run.Sources.Keys);
        Assert.Contains("Shadows.ShadowsClient.Models.Metadata.g.cs", run.Sources.Keys);
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void TypesGetTheDocumentedNames()
    {
        var compilation = Run().Compilation;

        // The spec's own schemas keep their names; what the generator derives from an operation gives way.
        Assert.Equal("GetThingResult2", ReturnTypeName(compilation, "GetThingAsync"));
        Assert.NotNull(compilation.GetTypeByMetadataName("Collide.GetThingResult")!.GetMembers("A").SingleOrDefault());
        Assert.Equal("CreateThingRequest2", compilation.GetTypeByMetadataName("Collide.ComfyCloudClient")!
            .GetMembers("CreateThingAsync").OfType<IMethodSymbol>().Single().Parameters[0].Type.Name);
        Assert.Equal("StreamThingsEvent2", ((INamedTypeSymbol)Method(compilation, "StreamThingsAsync").ReturnType).TypeArguments[0].Name);

        // Schemas named like the client, its interface, another schema's converter, or another schema but for case.
        foreach (var name in new[] { "ComfyCloudClient2", "IComfyCloudClient2", "FooJsonConverter2", "Foo2", "Foo", "Mode", "Mode2", "ListTagsResponse", "Validate2", "Index" })
        {
            Assert.NotNull(compilation.GetTypeByMetadataName("Collide." + name));
        }

        Assert.NotNull(compilation.GetTypeByMetadataName("Collide.Serialization.Foo2JsonConverter"));
        Assert.NotNull(compilation.GetTypeByMetadataName("Collide.Serialization.FooJsonConverter2JsonConverter"));
        Assert.Null(compilation.GetTypeByMetadataName("Collide.FooJsonConverter"));
        Assert.Null(compilation.GetTypeByMetadataName("Collide.Validate"));
        Assert.Equal("e", Json(compilation, "Foo"));
        Assert.Equal("g", Json(compilation, "Foo2"));
        Assert.Equal("f", Json(compilation, "FooJsonConverter2"));
        Assert.Equal("c", Json(compilation, "ComfyCloudClient2"));
    }

    [Fact]
    public void MethodsGetTheDocumentedNames()
    {
        var compilation = Run().Compilation;
        var methods = compilation.GetTypeByMetadataName("Collide.IComfyCloudClient")!.GetMembers().OfType<IMethodSymbol>().Select(m => m.Name).ToHashSet();

        // Sorted by operationId: ListTags, listTags, list_tags. The number goes before Async, and into the types.
        Assert.Equal("ListTagsResponse2", ReturnTypeName(compilation, "ListTagsAsync"));
        Assert.Equal("ListTags2Response", ReturnTypeName(compilation, "ListTags2Async"));
        Assert.Equal("ListTags3Response", ReturnTypeName(compilation, "ListTags3Async"));
        Assert.DoesNotContain(methods, m => m.Contains("Async2", StringComparison.Ordinal));

        // The page walker of getThings gives way to the operation getThingsAll.
        Assert.Contains("GetThingsAllAsync", methods);
        Assert.Equal("Task", Method(compilation, "GetThingsAllAsync").ReturnType.Name);
        Assert.Equal("IAsyncEnumerable", Method(compilation, "GetThingsAll2Async").ReturnType.Name);
        Assert.Contains("GetAllThingsAsync", methods);
    }

    [Fact]
    public void ParametersNamedLikeGeneratedOnesAreRenamedOrSafe()
    {
        var compilation = Run().Compilation;

        Assert.Equal(
            new[] { "id", "cancellationToken2", "request", "response", "client", "body2", "x", "cancellationToken" },
            Method(compilation, "GetThingAsync").Parameters.Select(p => p.Name).ToArray());

        var stream = compilation.GetTypeByMetadataName("Collide.StreamThingsEvent2")!;
        var members = stream.GetMembers().OfType<IPropertySymbol>().Select(p => p.Name).ToArray();
        Assert.Contains("FromServerSentEvent2", members);
        Assert.Contains("Id2", members);
        Assert.Contains("StreamThingsEvent2Value", members);
    }

    [Fact]
    public void NamesDoNotDependOnTheOrderOfTheSpec()
    {
        var forward = Run();
        var reversed = Run(reversed: true);

        Assert.Equal(forward.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal), reversed.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(Declarations(forward.Compilation), Declarations(reversed.Compilation));
        Assert.Equal(Renames(forward), Renames(reversed));
    }

    [Theory]
    [InlineData("{id: {type: string}, Id: {type: integer}, ID: {type: boolean}}")]
    [InlineData("{ID: {type: boolean}, Id: {type: integer}, id: {type: string}}")]
    public void MemberNamesDoNotDependOnTheOrderOfProperties(string properties)
    {
        var yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pair: {type: object, properties: " + properties + "}\n";

        var compilation = GeneratorHost.Run(new[] { Specs.Inline(yaml) }).Compilation;

        var pair = compilation.GetTypeByMetadataName("Inline.Pair")!;
        string TypeOf(string member) => pair.GetMembers(member).OfType<IPropertySymbol>().Single().Type.ToDisplayString();
        // By ordinal order of the JSON names: "ID" < "Id" < "id".
        Assert.Equal("bool?", TypeOf("ID"));
        Assert.Equal("int?", TypeOf("Id"));
        Assert.Equal("string?", TypeOf("Id2"));
    }

    [Fact]
    public void EveryRenameIsReportedAtItsPlaceInTheSpec()
    {
        var run = Run();
        var renames = run.Diagnostics.Where(d => d.Id == "CCG0008").ToList();

        Assert.All(renames, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.All(renames, d => Assert.Equal("/specs/collisions.yaml", d.Location.GetLineSpan().Path));
        var messages = Renames(run);
        foreach (var expected in new[]
        {
            "'GetThingResult' is emitted as 'GetThingResult2'",
            "'ComfyCloudClient' is emitted as 'ComfyCloudClient2'",
            "'IComfyCloudClient' is emitted as 'IComfyCloudClient2'",
            "'foo' is emitted as 'Foo2'",
            "'FooJsonConverter' is emitted as 'FooJsonConverter2'",
            "'listTags' is emitted as 'ListTags2Async'",
            "'list_tags' is emitted as 'ListTags3Async'",
            "'cancellationToken' is emitted as 'cancellationToken2'",
            "'GetThingsAllAsync' is emitted as 'GetThingsAll2Async'",
            "'Validate' is emitted as 'Validate2'",
        })
        {
            Assert.Contains(messages, m => m.StartsWith(expected, StringComparison.Ordinal));
        }

        // Each says why.
        Assert.All(messages, m => Assert.Contains(" to avoid ", m));
    }

    [Theory]
    [InlineData("part0")]
    [InlineData("f0")]
    [InlineData("files12")]
    [InlineData("i0")]
    [InlineData("item3")]
    [InlineData("checked_x")]
    public async System.Threading.Tasks.Task ParametersNamedLikeNumberedLocalsAreRenamedPromptly(string name)
    {
        // Every number after "__part0" is refused too ("__part02", "__part03", …): renaming once looped forever.
        var yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: send\n"
            + "      parameters:\n        - {name: " + name + ", in: query, schema: {type: integer, minimum: 1}}\n"
            + "      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object, properties: {a: {type: object, properties: {b: {type: string}}}, c: {type: array, items: {type: string, format: binary}}}}\n"
            + "      responses:\n        '204': {description: done}\n";

        var generation = System.Threading.Tasks.Task.Run(() => GeneratorHost.Run(new[] { Specs.Inline(yaml) }));

        var run = await generation.WaitAsync(TimeSpan.FromSeconds(30));
        Compiles.Cleanly(run.Compilation);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
    }

    [Fact]
    public void HintNamesDifferIgnoringCase()
    {
        var run = Run();

        var hints = run.Sources.Keys.ToList();
        Assert.Equal(hints.Count, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void TypeNamesDifferingOnlyInCaseGetDistinctFiles()
    {
        var yaml = """
            openapi: 3.0.3
            info: {title: Cases, version: '1'}
            paths: {}
            components:
              schemas:
                FooBar: {type: object, properties: {a: {type: string}}}
                Foobar: {type: object, properties: {b: {type: string}}}
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal(run.Sources.Count, run.Sources.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Inline.InlineClient.Models.FooBar.g.cs", run.Sources.Keys);
        Assert.Contains("Inline.InlineClient.Models.Foobar2.g.cs", run.Sources.Keys);
        Assert.True(GeneratorHost.CompileDiagnostics(run.Compilation).IsEmpty);
    }

    private static IMethodSymbol Method(Compilation compilation, string name) =>
        compilation.GetTypeByMetadataName("Collide.IComfyCloudClient")!.GetMembers(name).OfType<IMethodSymbol>().Single();

    private static string ReturnTypeName(Compilation compilation, string method) =>
        ((INamedTypeSymbol)Method(compilation, method).ReturnType).TypeArguments[0].Name;

    /// <summary>The JSON name of the single (one-letter) property of a generated record.</summary>
    private static string Json(Compilation compilation, string type)
    {
        var property = compilation.GetTypeByMetadataName("Collide." + type)!.GetMembers().OfType<IPropertySymbol>().Single(p => !p.IsImplicitlyDeclared && p.Name != "EqualityContract");
        return property.Name.ToLowerInvariant();
    }

    private static List<string> Renames(GeneratorRun run) =>
        run.Diagnostics.Where(d => d.Id == "CCG0008").Select(d => d.GetMessage()).OrderBy(m => m, StringComparer.Ordinal).ToList();

    /// <summary>Every generated type and member, by signature, sorted: what a consumer can name.</summary>
    private static List<string> Declarations(Compilation compilation)
    {
        var result = new List<string>();
        void Visit(INamespaceOrTypeSymbol symbol)
        {
            foreach (var member in symbol.GetMembers())
            {
                if (member is INamespaceOrTypeSymbol nested)
                {
                    result.Add(nested.ToDisplayString());
                    Visit(nested);
                }
                else
                {
                    result.Add(member.ToDisplayString());
                }
            }
        }

        Visit(compilation.GlobalNamespace.GetNamespaceMembers().Single(n => n.Name == "Collide"));
        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
