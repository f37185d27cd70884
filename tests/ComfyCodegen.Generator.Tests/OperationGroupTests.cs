using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Emitting;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// The client's methods are emitted group by group, a group being the operations of one first tag, into
/// "{Client}.Operations.{Group}.g.cs" files that each hold a part of the interface and of the class.
/// </summary>
public sealed class OperationGroupTests
{
    private const string Prefix = "Inline.InlineClient";

    [Fact]
    public void EachOperationGoesIntoTheFileOfItsFirstTag()
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(Spec(("/a", "getA", "alpha, beta"), ("/b", "getB", "beta"), ("/c", "getC", null), ("/d", "getD", "alpha"))) });

        Assert.Equal(new[] { "Alpha", "Beta", "Untagged" }, Groups(run));
        Assert.Equal(new[] { "GetAAsync", "GetDAsync" }, Methods(run.Sources[$"{Prefix}.Operations.Alpha.g.cs"]));
        Assert.Equal(new[] { "GetBAsync" }, Methods(run.Sources[$"{Prefix}.Operations.Beta.g.cs"]));
        Assert.Equal(new[] { "GetCAsync" }, Methods(run.Sources[$"{Prefix}.Operations.Untagged.g.cs"]));
        // The client's own file declares the two types and holds no operation.
        Assert.Empty(Methods(run.Sources[$"{Prefix}.g.cs"]));
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void TagsThatDifferOnlyInCaseShareAFileNamedTheSameWhateverTheSpecsOrder()
    {
        var forward = GeneratorHost.Run(new[] { Specs.Inline(Spec(("/a", "getA", "files"), ("/b", "getB", "FILES"), ("/c", "getC", "Files"))) });
        var backward = GeneratorHost.Run(new[] { Specs.Inline(Spec(("/c", "getC", "Files"), ("/b", "getB", "FILES"), ("/a", "getA", "files"))) });

        // One file (file systems may ignore case), named by the ordinal first of "Files" and "FILES".
        Assert.Equal(new[] { "FILES" }, Groups(forward));
        Assert.Equal(new[] { "FILES" }, Groups(backward));
        Assert.Equal(new[] { "GetAAsync", "GetBAsync", "GetCAsync" }, Methods(forward.Sources[$"{Prefix}.Operations.FILES.g.cs"]));
        Compiles.Cleanly(forward.Compilation);
    }

    [Theory]
    [InlineData("a/../b", "AB")]
    [InlineData("line\u2028break\r\n#error x", "LineBreakErrorX")]
    [InlineData("\"quoted\" \\ name", "QuotedName")]
    [InlineData("Untagged", "Untagged")]
    public void AHostileTagNamesItsFileWithAnIdentifier(string tag, string group)
    {
        var run = GeneratorHost.Run(new[] { Specs.Inline(Spec(("/a", "getA", Quoted(tag)), ("/b", "getB", null))) });

        // GET /b has no tag.
        Assert.Equal(new[] { group, "Untagged" }.Distinct(), Groups(run));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id.StartsWith("CCG", StringComparison.Ordinal));
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void AGroupTooLongForOneFileGoesOnInNumberedPartsThatStayOffTheLargeObjectHeap()
    {
        // 60 operations of one tag, each with a long description: several parts, each under the budget.
        var description = string.Join(" ", Enumerable.Repeat("This sentence makes the operation's documentation long.", 40));
        var operations = Enumerable.Range(0, 60).Select(i => ($"/items/{i}", $"getItem{i}", (string?)"items")).ToArray();
        var run = GeneratorHost.Run(new[] { Specs.Inline(Spec(description, operations)) });

        var parts = run.Sources.Keys.Where(key => key.StartsWith($"{Prefix}.Operations.", StringComparison.Ordinal)).ToList();
        Assert.True(parts.Count >= 3, string.Join(", ", parts));
        Assert.Equal(
            new[] { $"{Prefix}.Operations.Items.g.cs" }.Concat(Enumerable.Range(2, parts.Count - 1).Select(part => $"{Prefix}.Operations.Items.{part}.g.cs")),
            parts);
        foreach (var part in parts)
        {
            // 85,000 bytes is the runtime's large object threshold: 42,500 UTF-16 characters, less the string's header.
            Assert.True(run.Sources[part].Length < 42_000, $"{part}: {run.Sources[part].Length} characters");
            Assert.True(run.Sources[part].Length > OperationGroupEmitter.PartBudget / 2 || part == parts[^1], $"{part} is short: {run.Sources[part].Length}");
        }

        // Every operation once, in the spec's order, across the parts.
        Assert.Equal(operations.Select(o => "GetItem" + o.Item2.Substring("getItem".Length) + "Async"), parts.SelectMany(part => Methods(run.Sources[part])));
        Compiles.Cleanly(run.Compilation);
    }

    [Fact]
    public void AnOperationWithItsPageWalkerAndResultTypeStaysTogether()
    {
        var yaml = """
            openapi: 3.0.3
            info: { title: Paged, version: '1' }
            paths:
              /things:
                get:
                  tags: [things]
                  operationId: listThings
                  parameters:
                    - { name: offset, in: query, schema: { type: integer } }
                    - { name: limit, in: query, schema: { type: integer } }
                  responses:
                    '200':
                      description: a page
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              items: { type: array, items: { type: string } }
              /other:
                get:
                  tags: [other]
                  operationId: getOther
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { type: string } } } }
                    '201': { description: made, content: { application/json: { schema: { type: integer } } } }
            """;

        var run = GeneratorHost.Run(new[] { Specs.Inline(yaml) });

        Assert.Equal(new[] { "ListThingsAllAsync", "ListThingsAsync" }, Methods(run.Sources[$"{Prefix}.Operations.Things.g.cs"]).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "GetOtherAsync" }, Methods(run.Sources[$"{Prefix}.Operations.Other.g.cs"]));
        Assert.Contains($"{Prefix}.Models.GetOtherResult.g.cs", run.Sources.Keys);
        Compiles.Cleanly(run.Compilation);
    }

    /// <summary>The groups' names, from the operation files' names, first parts only.</summary>
    private static List<string> Groups(GeneratorRun run) => run.Sources.Keys
        .Select(key => Regex.Match(key, $@"^{Regex.Escape(Prefix)}\.Operations\.([^.]+)\.g\.cs$"))
        .Where(match => match.Success)
        .Select(match => match.Groups[1].Value)
        .ToList();

    /// <summary>The methods a file declares in the interface, in order.</summary>
    private static List<string> Methods(string source) => Regex.Matches(source, @"^    [^ /\[].* (\w+Async)\(.*\);$", RegexOptions.Multiline)
        .Select(match => match.Groups[1].Value)
        .ToList();

    private static string Quoted(string tag) => "\"" + tag.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\u2028", "\\u2028") + "\"";

    private static string Spec(params (string Path, string OperationId, string? Tags)[] operations) => Spec("ok", operations);

    private static string Spec(string description, params (string Path, string OperationId, string? Tags)[] operations)
    {
        var yaml = new StringBuilder("openapi: 3.0.3\ninfo: { title: Inline, version: '1' }\npaths:\n");
        foreach (var (path, operationId, tags) in operations)
        {
            yaml.Append($"  {path}:\n    get:\n      operationId: {operationId}\n");
            if (tags is not null)
            {
                yaml.Append($"      tags: [{tags}]\n");
            }

            yaml.Append($"      description: {description}\n      responses:\n        '200': {{ description: ok }}\n");
        }

        return yaml.ToString();
    }
}
