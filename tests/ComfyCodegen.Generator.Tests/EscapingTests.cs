using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Xml.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Emitting;
using ComfyCodegen.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// The escaping points on their own, with what no spec reader lets through (lone surrogates, reversed pairs):
/// a literal is one token whose value is the input; a doc comment keeps every line behind "///" and is valid XML;
/// an identifier is one identifier.
/// </summary>
public sealed class EscapingTests
{
    private static readonly string[] Terminators = { "\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029" };

    public static readonly string[] Hostile =
    {
        "", "plain", "\"", "\\", "\\u0041", "\"\"\"", "{0} {{ }}", "*/ /* </summary> <!-- ]]> &amp;", "#error x",
        "a\npublic static int Injected() { return 42; } //",
        "\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029", "\0", "\a\b\f\t\v\u001B\u007F",
        "x\u2028#error y\u2029#error z\u0085#error w",
        "\uD800", "\uDFFF", "a\uD800", "\uDC00\uD800", "\uD83D\uDE00", "\uDB40\uDC01 tag", "\uFEFF\u202E\u2066rtl\u200B",
        "\uFFFE\uFFFF", "\uE000 private", "名前 Émile",
    };

    /// <summary>By index: xUnit would fold strings that differ only in lone surrogates into one test case.</summary>
    public static TheoryData<int> HostileData()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Hostile.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileData))]
    public void LiteralIsOneTokenOnOneLine(int index)
    {
        var value = Hostile[index];
        foreach (var literal in new[] { CSharpLiteral.String(value), CSharpLiteral.Utf8(value) })
        {
            Assert.Empty(Unwritable(literal));
            var tokens = SyntaxFactory.ParseTokens(literal).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
            var token = Assert.Single(tokens);
            Assert.True(token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.Utf8StringLiteralToken), token.Kind().ToString());
            Assert.Empty(token.GetDiagnostics());
            Assert.Equal(literal, token.ToFullString());
        }
    }

    [Fact]
    public void LiteralsCompileToTheValueExactly()
    {
        var source = new StringBuilder("internal static class Literals\n{\n");
        for (var i = 0; i < Hostile.Length; i++)
        {
            source.Append($"    public const string S{i} = {CSharpLiteral.String(Hostile[i])};\n");
            source.Append($"    public static byte[] U{i}() => {CSharpLiteral.Utf8(Hostile[i])}.ToArray();\n");
        }

        source.Append('}');
        var compilation = GeneratorHost.CreateCompilation(source.ToString());
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Select(Program.Format)));
        Assert.Empty(GeneratorHost.CompileDiagnostics(compilation));

        var context = new AssemblyLoadContext("literals", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(new MemoryStream(image.ToArray())).GetType("Literals")!;
            for (var i = 0; i < Hostile.Length; i++)
            {
                Assert.Equal(Hostile[i], type.GetField("S" + i)!.GetRawConstantValue());

                // What .NET sends for the string: Encoding.UTF8 (and Utf8JsonWriter, Uri.EscapeDataString) write a lone surrogate as U+FFFD.
                Assert.Equal(Encoding.UTF8.GetBytes(Hostile[i]), (byte[])type.GetMethod("U" + i)!.Invoke(null, null)!);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData("plain prose, with 'quotes' and a tab\there", "plain prose, with 'quotes' and a tab\there")]
    [InlineData("a & b < c > d \"e\"", "a &amp; b &lt; c &gt; d &quot;e&quot;")]
    [InlineData("line\rbreak\nnext\u0085x\u2028y\u2029z", "line break next x y z")]
    [InlineData("bell\u0007 null\u0000 del\u007f", "bell  null  del ")]
    [InlineData("pair \U0001F600 kept", "pair \U0001F600 kept")]
    [InlineData("ok until the end &", "ok until the end &amp;")]
    public void DocumentationTextIsEscapedCharacterByCharacter(string text, string expected)
    {
        Assert.Equal(expected, DocComments.Escape(text));
    }

    [Fact]
    public void EveryAsciiCharacterIsKeptOrEscapedInALiteral()
    {
        for (var c = (char)0; c < 128; c++)
        {
            var text = "a" + c + "b";
            var escaped = CSharpLiteral.Escape(text);
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                Assert.Same(text, escaped);
            }
            else
            {
                Assert.StartsWith("a\\", escaped);
                Assert.EndsWith("b", escaped);
                Assert.DoesNotContain(c, escaped.Substring(2, escaped.Length - 3).Replace("\\", string.Empty).Replace("\"", string.Empty));
            }
        }

        Assert.Equal("say \\\"hi\\\" \\\\ \\n\\u007F", CSharpLiteral.Escape("say \"hi\" \\ \n\u007f"));
    }

    [Fact]
    public void LoneSurrogatesAndNonCharactersBecomeTheReplacementCharacter()
    {
        // Built in code: an attribute argument cannot carry a lone surrogate intact.
        var high = ((char)0xD800).ToString();
        var low = ((char)0xDC00).ToString();
        Assert.Equal("lone \uFFFD high, lone \uFFFD low, \uFFFD \uFFFD", DocComments.Escape("lone " + high + " high, lone " + low + " low, \uFFFE \uFFFF"));
        Assert.Equal("high at the end \uFFFD", DocComments.Escape("high at the end " + high));
        Assert.Equal("reversed \uFFFD\uFFFD", DocComments.Escape("reversed " + low + high));
    }

    [Fact]
    public void DocumentationTextThatNeedsNoEscapingIsNotCopied()
    {
        const string text = "Returns the job's outputs (images, text) once it has finished.";
        Assert.Same(text, DocComments.Escape(text));
    }

    [Fact]
    public void DocumentationNeverLeavesItsLinesAndStaysValidXml()
    {
        var writer = new SourceWriter();
        writer.WriteLine("/// <summary>Documented.</summary>");
        writer.WriteLine("public static class Documented");
        writer.WriteLine("{");
        for (var i = 0; i < Hostile.Length; i++)
        {
            var text = Hostile[i];
            DocComments.Summary(writer, text, "fallback");
            DocComments.Remarks(writer, text + "\n\nsecond paragraph " + text);
            DocComments.Param(writer, "value", text);
            DocComments.Returns(writer, text);
            DocComments.Raw(writer, $"<example><c>{DocComments.Escape(text)}</c> raw markup\u2028 with a separator</example>");
            writer.WriteLine($"public static int M{i}(int value) => value;");
        }

        writer.WriteLine("}");
        var source = writer.ToString();

        foreach (var line in source.Split(Terminators.Reverse().ToArray(), StringSplitOptions.None))
        {
            var trimmed = line.Trim();
            Assert.True(trimmed.Length == 0 || trimmed.StartsWith("///", StringComparison.Ordinal) || trimmed is "{" or "}" || trimmed.StartsWith("public static", StringComparison.Ordinal), line);
            Assert.Empty(Unwritable(line));
        }

        var compilation = GeneratorHost.CreateCompilation(source);
        var problems = GeneratorHost.CompileDiagnostics(compilation);
        Assert.True(problems.IsEmpty, string.Join("\n", problems.Take(10).Select(Program.Format)));

        var documented = compilation.GetTypeByMetadataName("Documented")!;
        Assert.Equal(Hostile.Length, documented.GetMembers().OfType<IMethodSymbol>().Count(m => m.Name.StartsWith('M')));
        var closing = XElement.Parse(documented.GetMembers("M7").Single().GetDocumentationCommentXml()!);
        Assert.Equal("*/ /* </summary> <!-- ]]> &amp;", closing.Element("summary")!.Value);
    }

    [Theory]
    [MemberData(nameof(HostileData))]
    public void IdentifiersAreOneIdentifier(int index)
    {
        var name = Hostile[index];
        var pascal = Identifiers.ToPascalCase(name);
        Assert.True(SyntaxFacts.IsValidIdentifier(pascal), pascal);
        Assert.Equal(SyntaxKind.None, SyntaxFacts.GetKeywordKind(pascal));
        Assert.True(SyntaxFacts.IsValidIdentifier(pascal + "JsonConverter"));

        var camel = Identifiers.ToCamelCase(name);
        var bare = camel.StartsWith('@') ? camel[1..] : camel;
        Assert.True(SyntaxFacts.IsValidIdentifier(bare), camel);
        Assert.Equal(bare != camel, SyntaxFacts.GetKeywordKind(bare) != SyntaxKind.None);
    }

    /// <summary>Characters that must never stand raw in generated source: controls but tab (CR and U+0085 among them), U+2028, U+2029, lone surrogates.</summary>
    private static List<string> Unwritable(string text)
    {
        var found = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                i++;
            }
            else if (char.IsControl(text[i]) && text[i] != '\t' || char.IsSurrogate(text[i]) || text[i] is '\u2028' or '\u2029')
            {
                found.Add($"U+{(int)text[i]:X4} at {i}");
            }
        }

        return found;
    }
}
