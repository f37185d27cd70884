using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using ComfyCodegen.Generator.Parsing;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;
using Xunit;
using Xunit.Abstractions;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// The parser reads the block YAML specs are written in with a reader of its own and leaves everything else to
/// SharpYaml. SharpYaml's model, converted by Microsoft.OpenApi.YamlReader, is the oracle: whatever the block reader
/// reads must give the same tree and every position the same, and whatever SharpYaml refuses it must refuse. The
/// mutants are YAML made to hit the subset's edges: indentation, indicators, quotes, escapes, block scalars, flow
/// collections, comments, line breaks.
/// </summary>
public sealed class BlockYamlReaderTests(ITestOutputHelper output)
{
    private const string Seed = """
        # a comment before anything
        openapi: 3.0.3
        info:
          title: "Quoted \"title\" \u00e9\x41 \t\\ \/ \N\_\L\P"
          description: |
            First line
              indented further
            # not a comment

            after a blank line
          summary: >-
            folded one
            folded two

            a new paragraph
          kept: |+
            kept


          stripped: |-
            no line break
          version: '1.0 ''quoted'''
        empty:
        also empty:   # with a comment
        numbers: [1, -2, 3.5, 1e3, 0x1F, true, False, null, ~, 'x', "y", {a: b}, []]
        flow: {a: 1, "b": [x, y], c: {}, 'd': "e"}
        list:
        - a
        - key: value
          other: 2
          nested:
            - - deep
              - deeper
        -
          - after an empty dash
        - |
          a block scalar in a list
        - "quoted item"   # a comment
        -
        url: http://example.com/a#b
        colon: a:b
        dash: -1
        plain: value # a comment
        emoji: 😀 [ok] {also} a,b
        trailing spaces: value   
        plain over lines: the first line
          - the second, [a link](http://x) and 'quotes'

          after a blank line   
        # a comment ends it
        single over lines: 'one  
          two ''three''

          four'
        double over lines: "one \
          two\n  three

          four\ "
        "quoted key": 'single'
        paths:
          /a/{id}:
            get:
              responses:
                '200':
                  description: OK
                  content: {}
        """;

    // What a mutation inserts or puts in place of a character.
    private static readonly string[] Tokens =
    {
        " ", "  ", "\n", "\r\n", "\r", "\t", "-", "- ", ":", ": ", "#", " #", "'", "\"", "\\", "\\u00e9", "\\x4", "\\ud800",
        "\\N", "\\_", "\\L", "\\P", "\\U0001F600", "|", "|-", "|+", ">", ">+", "|2", "[", "]", "{", "}", ",", ", ", "&a ", "*a", "!tag ", "? ", "%", "@", "`",
        "---", "...", "~", "null", "1e3", "<<: ", "😀", "\uD83D", "\u2028", "\u0085", "\uFEFF", "\0", "x", "é",
    };

    [Theory]
    [MemberData(nameof(YamlEventReaderTests.EverySpec), MemberType = typeof(YamlEventReaderTests))]
    public void WhatItReadsOfEverySpecIsWhatSharpYamlReads(string path)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : Specs.Repo(Path.GetFileName(path)).Text;

        var compared = Compare(text, path);

        output.WriteLine(compared > 0 ? $"{Path.GetFileName(path)}: read, {compared} nodes compared" : $"{Path.GetFileName(path)}: left to SharpYaml");
    }

    [Theory]
    [InlineData("openapi-cloud.yaml")]
    [InlineData("comfy-api-v2.yaml")]
    [InlineData("comfyui.yaml")]
    public void OurSpecsAreReadByIt(string name)
    {
        var compared = Compare(Specs.Repo(name).Text, name);

        Assert.True(compared > 0, $"{name} was left to SharpYaml");
        Assert.True(compared > 500, $"only {compared} nodes compared");
    }

    [Fact]
    public void TheSeedIsReadAsItIsAndWithWindowsLineBreaks()
    {
        Assert.True(Compare(Seed, "the seed") > 50, "the seed was left to SharpYaml");
        Assert.True(Compare(Seed.Replace("\n", "\r\n"), "the seed with CRLF") > 50, "the seed with CRLF was left to SharpYaml");
    }

    [Theory]
    [InlineData("a:\tb\n", "a tab")]
    [InlineData("a: &x 1\nb: *x\n", "an anchor and an alias")]
    [InlineData("a: !!str 1\n", "a tag")]
    [InlineData("%YAML 1.2\n---\na: 1\n", "a directive")]
    [InlineData("---\na: 1\n", "a document marker")]
    [InlineData("a: 1\n...\n", "a document end marker")]
    [InlineData("a: one\n  b: two\n", "a key on a plain scalar's second line")]
    [InlineData("a: 'one\ntwo'\n", "a quoted scalar's second line not indented")]
    [InlineData("'a\n  b': 1\n", "a key over two lines")]
    [InlineData("a: [1,\n  2]\n", "a flow sequence over two lines")]
    [InlineData("? a\n: 1\n", "a complex key")]
    [InlineData("a: |2\n   x\n", "an indentation indicator")]
    [InlineData("a: >\n  x\n    y\n", "a folded line indented further")]
    [InlineData("{\n  \"a\": 1\n}\n", "JSON")]
    [InlineData("a: 1\rb: 2\r", "lone carriage returns")]
    [InlineData("a: |\n  x", "a block scalar's last line with no line break (SharpYaml ends it with a NUL)")]
    [InlineData("a: x\u2028y\n", "a line separator")]
    [InlineData("a: 1\na: 2\n", "a duplicate key")]
    [InlineData("a: {b: 1, b: 2}\n", "a duplicate key in a flow mapping")]
    [InlineData("<<: {a: 1}\n", "a merge key")]
    [InlineData("a: b: c\n", "a key after a key")]
    [InlineData("a: [1, ]\n", "a trailing comma")]
    [InlineData("just a scalar\n", "a document that is a scalar")]
    [InlineData("", "no document")]
    [InlineData("# only a comment\n", "no document, a comment")]
    public void WhatIsOutsideTheSubsetIsLeftToSharpYaml(string yaml, string what)
    {
        Assert.True(BlockYamlReader.TryRead(yaml) is null, what);
    }

    [Theory]
    [InlineData("a: |\n  x\n\n\n", "x\n")]
    [InlineData("a: |-\n  x\n\n", "x")]
    [InlineData("a: |+\n  x\n\n\n", "x\n\n\n")]
    [InlineData("a: |\n\n  x\n  y\n", "\nx\ny\n")]
    [InlineData("a: >\n  x\n  y\n\n  z\n", "x y\nz\n")]
    [InlineData("a: |\n  x\n    y\n  # z\nb: 1\n", "x\n  y\n# z\n")]
    public void BlockScalarsAreReadAsSharpYamlReadsThem(string yaml, string value)
    {
        var read = BlockYamlReader.TryRead(yaml);

        Assert.True(read.HasValue, "left to SharpYaml");
        Assert.Equal(value, read!.Value.Json["a"]!.GetValue<string>());
        Compare(yaml, "the block scalar");
    }

    [Fact]
    public void MutantsAreReadAsSharpYamlReadsThemOrLeftToIt()
    {
        var random = new Random(14);
        var (read, left) = (0, 0);
        var seeds = new[] { Seed, Seed.Replace("\n", "\r\n") };
        for (var i = 0; i < 8_000; i++)
        {
            var mutant = Mutate(seeds[i % 2], random, 1 + random.Next(3));
            if (Compare(mutant, "a mutant") > 0)
            {
                read++;
            }
            else
            {
                left++;
            }
        }

        output.WriteLine($"8,000 mutants of the seed: {read} read, {left} left to SharpYaml");
        Assert.True(read > 2_000 && left > 2_000, $"{read} read and {left} left: the mutants no longer test both sides");
    }

    [Fact]
    public void MutantsOfOurSpecsAreReadAsSharpYamlReadsThemOrLeftToIt()
    {
        var random = new Random(41);
        var texts = new[] { "openapi-cloud.yaml", "comfy-api-v2.yaml", "comfyui.yaml" }.Select(n => Specs.Repo(n).Text).ToArray();
        var read = 0;
        for (var i = 0; i < 150; i++)
        {
            read += Compare(Mutate(texts[i % 3], random, 1), "a mutant of our spec") > 0 ? 1 : 0;
        }

        output.WriteLine($"150 mutants of our specs: {read} read, {150 - read} left to SharpYaml");
        Assert.True(read > 30 && read < 150, $"{read} of 150 read: the mutants no longer test both sides");
    }

    /// <summary>
    /// What the block reader makes of <paramref name="text"/> against SharpYaml's model: 0 when it leaves the text to
    /// SharpYaml, else the number of nodes compared. Fails when it reads a text SharpYaml refuses, or reads it
    /// otherwise.
    /// </summary>
    private static int Compare(string text, string what)
    {
        var read = BlockYamlReader.TryRead(text);
        if (read is null)
        {
            return 0;
        }

        YamlDocument document;
        JsonNode expected;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            document = stream.Documents[0];
            expected = YamlConverter.ToJsonNode(document);
        }
        catch (Exception exception)
        {
            throw new Xunit.Sdk.XunitException($"{what} was read, but SharpYaml's path refuses it ({exception.GetType().Name}: {exception.Message}):\n{Show(text)}");
        }

        if (!JsonNode.DeepEquals(expected, read.Value.Json))
        {
            throw new Xunit.Sdk.XunitException($"{what}: the trees differ, SharpYaml's {expected.ToJsonString()} against {read.Value.Json.ToJsonString()}:\n{Show(text)}");
        }

        try
        {
            return YamlEventReaderTests.SamePositions(document.RootNode, read.Value.Positions, "#");
        }
        catch (Exception exception) when (exception is Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{what}: {exception.Message}\n{Show(text)}");
        }
    }

    /// <summary><paramref name="edits"/> random edits: a token put in or in place of a character, characters taken out, a line doubled or indented otherwise.</summary>
    private static string Mutate(string text, Random random, int edits)
    {
        var builder = new StringBuilder(text);
        for (var edit = 0; edit < edits && builder.Length > 0; edit++)
        {
            var at = random.Next(builder.Length);
            var token = Tokens[random.Next(Tokens.Length)];
            switch (random.Next(6))
            {
                case 0:
                case 1:
                    builder.Insert(at, token);
                    break;
                case 2:
                    builder.Remove(at, 1).Insert(at, token);
                    break;
                case 3:
                    builder.Remove(at, Math.Min(1 + random.Next(3), builder.Length - at));
                    break;
                default:
                    var current = builder.ToString();
                    var start = current.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
                    var end = current.IndexOf('\n', at);
                    var line = current.Substring(start, (end < 0 ? current.Length : end) - start);
                    var replacement = random.Next(3) switch
                    {
                        0 => line + "\n" + line,
                        1 => " " + line,
                        _ => line.StartsWith(' ') ? line.Substring(1) : "  " + line,
                    };
                    builder.Remove(start, line.Length).Insert(start, replacement);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Show(string text) => text.Length > 2_000
        ? "(" + text.Length + " characters)"
        : text.Replace("\r", "\\r").Replace("\t", "\\t").Replace("\u2028", "\\u2028").Replace("\u0085", "\\u0085");
}
