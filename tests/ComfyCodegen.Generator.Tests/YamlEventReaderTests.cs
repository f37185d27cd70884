using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using ComfyCodegen.Generator.Diagnostics;
using ComfyCodegen.Generator.Parsing;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// The parser reads YAML from SharpYaml's events into the reader's tree and its own positions, where it used to load
/// SharpYaml's model and convert it with Microsoft.OpenApi.YamlReader's YamlConverter. The old way is the oracle: on
/// every spec, ours and the 56 of the corpus, both trees and every position must be the same; what the event reader
/// leaves to the old way (aliases, merge keys, duplicate keys, …) must still read as before.
/// </summary>
public sealed class YamlEventReaderTests
{
    public static TheoryData<string> EverySpec()
    {
        var data = new TheoryData<string>();
        foreach (var name in new[] { "openapi-cloud.yaml", "comfy-api-v2.yaml", "comfyui.yaml" })
        {
            data.Add(Specs.Repo(name).Path);
        }

        foreach (var file in Directory.GetFiles(CorpusTests.Corpus.Directory).OrderBy(n => n, StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EverySpec))]
    public void TheTreeAndEveryPositionAreThoseOfSharpYamlsModel(string path)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : Specs.Repo(Path.GetFileName(path)).Text;
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var model = stream.Documents[0];

        var read = YamlEventReader.TryRead(text);

        Assert.True(read.HasValue, "the event reader left a spec of the corpus to the old way");
        Assert.True(JsonNode.DeepEquals(YamlConverter.ToJsonNode(model), read!.Value.Json), "the trees differ");
        var compared = SamePositions(model.RootNode, read.Value.Positions, "#");
        Assert.True(compared > 100, $"only {compared} nodes compared");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a: 1\nb: [x, 'y', \"z\"]\n")]
    [InlineData("nul\0inside, a surrogate pair \uD83D\uDE00 and a lone \uD800, CR\r\nLF\u2028end")]
    [InlineData("x")]
    public void TheTextBufferAnswersAsSharpYamlsLookAheadBufferDoes(string text)
    {
        // Both walked in step, a character or two at a time: every look-ahead the scanner may make, and the end.
        var ours = new YamlTextBuffer(text);
        var theirs = new SharpYaml.LookAheadBuffer(new StringReader(text), 12);
        var random = new Random(text.Length);
        var position = 0;
        while (true)
        {
            Assert.Equal(theirs.EndOfInput, ours.EndOfInput);
            for (var offset = 0; offset < 12; offset++)
            {
                Assert.Equal(theirs.Peek(offset), ours.Peek(offset));
            }

            if (ours.EndOfInput)
            {
                break;
            }

            var step = Math.Min(1 + random.Next(2), text.Length - position);
            position += step;
            theirs.Skip(step);
            ours.Skip(step);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ours.Skip(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => theirs.Skip(1));
    }

    [Theory]
    [MemberData(nameof(EverySpec))]
    public void SharpYamlsParserGivesTheSameEventsOnTheTextBuffer(string path)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : Specs.Repo(Path.GetFileName(path)).Text;
        var ours = new SharpYaml.Parser<YamlTextBuffer>(new YamlTextBuffer(text));
        var theirs = new SharpYaml.Parser<SharpYaml.LookAheadBuffer>(new SharpYaml.LookAheadBuffer(new StringReader(text), 12));
        var events = 0;
        while (theirs.MoveNext())
        {
            Assert.True(ours.MoveNext());
            Assert.Equal(Describe(theirs.Current), Describe(ours.Current));
            events++;
        }

        Assert.False(ours.MoveNext());
        Assert.True(events > 100, $"only {events} events");

        static string Describe(SharpYaml.Events.ParsingEvent? e) => e switch
        {
            SharpYaml.Events.Scalar scalar => $"{e.GetType().Name} {e.Start} {e.End} {scalar.Style} {scalar.Anchor} {scalar.Tag} {scalar.Value}",
            SharpYaml.Events.NodeEvent node => $"{e.GetType().Name} {e.Start} {e.End} {node.Anchor} {node.Tag}",
            null => "none",
            _ => $"{e.GetType().Name} {e.Start} {e.End}",
        };
    }

    [Theory]
    [InlineData("a: &x [1, *x]\n", "an alias inside the node it names")]
    [InlineData("a: &x 1\nb: &x 2\nc: *x\n", "an anchor named twice")]
    [InlineData("a: *nowhere\n", "an alias to no anchor")]
    [InlineData("? *k\n: 1\nk: &k x\n", "an alias as a key")]
    [InlineData("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n", "a merge key")]
    [InlineData("a: 1\na: 2\n", "a duplicate key")]
    [InlineData("? [a, b]\n: 1\n", "a sequence as a key")]
    [InlineData("a: 1\n---\nb: 2\n", "a second document")]
    [InlineData("a: [1, 2\n", "a syntax error")]
    [InlineData("", "no document")]
    public void WhatTheOldWayDecidesIsLeftToIt(string yaml, string what)
    {
        Assert.True(YamlEventReader.TryRead(yaml) is null, what);
    }

    [Fact]
    public void AnAliasIsACopyOfWhatItsAnchorNames()
    {
        const string Yaml = "ok: &ok\n  description: OK\n  codes: [200, 201]\nagain: *ok\nlist:\n  - *ok\n  - &n 3\n  - *n\n";
        var stream = new YamlStream();
        stream.Load(new StringReader(Yaml));

        var read = YamlEventReader.TryRead(Yaml)!.Value;

        Assert.True(JsonNode.DeepEquals(YamlConverter.ToJsonNode(stream.Documents[0]), read.Json), read.Json.ToJsonString());
        // A copy, not the same node: the reader and the normalizer may change one place without the other.
        Assert.NotSame(read.Json["ok"], read.Json["again"]);
        read.Json["again"]!["description"] = "changed";
        Assert.Equal("OK", read.Json["ok"]!["description"]!.GetValue<string>());
        // Positions under an alias are those of what it names, as in SharpYaml's model.
        Assert.True(read.Positions.TryGetMember("again", out _, out _, out var again));
        Assert.True(again.TryGetMember("codes", out var line, out _, out _));
        Assert.Equal(2, line);
    }

    [Fact]
    public void AliasesThatWouldCopyTooMuchAreLeftToTheOldWay()
    {
        // Each level names the one before ten times: 10^5 nodes from a few lines, which YamlConverter refuses too.
        var bomb = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 5; i++)
        {
            bomb.Append($"a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)) + "]\n");
        }

        Assert.Null(YamlEventReader.TryRead(bomb.ToString()));
        var modest = "a0: &a0 [x, x]\na1: &a1 [*a0, *a0]\na2: [*a1, *a1]\n";
        Assert.NotNull(YamlEventReader.TryRead(modest));
    }

    [Fact]
    public void NestingNearTheConvertersLimitIsLeftToTheOldWay()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 60)) + string.Concat(Enumerable.Repeat("]", 60));
        var shallow = string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40));

        Assert.Null(YamlEventReader.TryRead(deep));
        Assert.NotNull(YamlEventReader.TryRead(shallow));
    }

    [Fact]
    public void ScalarsAreTypedAsYamlConverterTypesThem()
    {
        const string Yaml = "n: 3\ns: '3'\nd: \"3\"\nf: -1.5e3\nb: true\nB: True\nq: 'true'\nz: ~\nnull1: null\nnull2: NULL\nempty:\nlit: |\n  x\nplain: hello world\n";
        var stream = new YamlStream();
        stream.Load(new StringReader(Yaml));

        var read = YamlEventReader.TryRead(Yaml)!.Value;

        Assert.True(JsonNode.DeepEquals(YamlConverter.ToJsonNode(stream.Documents[0]), read.Json), read.Json.ToJsonString());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, read.Json["n"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.String, read.Json["s"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.True, read.Json["B"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.String, read.Json["q"]!.GetValueKind());
    }

    [Fact]
    public void ASpecTheOldWayReadsStillGetsItsClientAndItsDiagnosticsInPlace()
    {
        // A merge key (left to the old way) and an unresolved $ref at line 12: the warning is where the $ref is.
        const string Yaml = """
            openapi: 3.0.3
            info: {title: Aliased, version: '1', x-base: &b {a: 1}, x-derived: {<<: *b, c: 2}}
            paths:
              /things:
                get:
                  operationId: listThings
                  responses:
                    '200': &ok
                      description: OK
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Missing'}
              /others:
                get:
                  operationId: listOthers
                  responses:
                    '200': *ok
            """;
        Assert.Null(YamlEventReader.TryRead(Yaml));

        var result = SpecParser.Parse(new Model.SpecInput("/specs/aliased.yaml", Yaml, "Aliased", "AliasedClient", null), CancellationToken.None);

        Assert.True(result.Spec is not null, string.Join("\n", result.Diagnostics.Select(d => d.ToDiagnostic().ToString())));
        Assert.Equal(new[] { "ListOthersAsync", "ListThingsAsync" }, result.Spec!.Operations.Select(o => o.MethodName).OrderBy(n => n, StringComparer.Ordinal));
        var unresolved = result.Diagnostics.Where(d => d.Id == DiagnosticDescriptors.UnresolvedReference.Id).ToList();
        Assert.NotEmpty(unresolved);
        Assert.Contains(unresolved, d => d.Location is { Line: 11 });
    }

    /// <summary>Walks SharpYaml's model and the positions together; the number of nodes compared.</summary>
    internal static int SamePositions(YamlNode model, YamlPositionNode positions, string pointer)
    {
        Assert.True((model.Start.Line, model.Start.Column) == (positions.Line, positions.Column), $"{pointer}: {model.Start} against {positions.Line}:{positions.Column}");
        var count = 1;
        switch (model)
        {
            case YamlMappingNode mapping:
                foreach (var pair in mapping.Children)
                {
                    var key = ((YamlScalarNode)pair.Key).Value!;
                    Assert.True(positions.TryGetMember(key, out var line, out var column, out var value), $"{pointer}/{key} is missing");
                    Assert.True((pair.Key.Start.Line, pair.Key.Start.Column) == (line, column), $"{pointer}/{key}: the key's position");
                    count += SamePositions(pair.Value, value, pointer + "/" + key);
                }

                Assert.False(positions.TryGetItem(0, out _));
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Assert.True(positions.TryGetItem(i, out var item), $"{pointer}/{i} is missing");
                    count += SamePositions(sequence.Children[i], item, pointer + "/" + i);
                }

                Assert.False(positions.TryGetItem(sequence.Children.Count, out _));
                break;
            case YamlScalarNode scalar:
                Assert.True(positions.IsScalar, pointer);
                Assert.Equal(scalar.Value, positions.Value);
                Assert.Equal(scalar.Style, positions.Style);
                break;
        }

        return count;
    }
}
