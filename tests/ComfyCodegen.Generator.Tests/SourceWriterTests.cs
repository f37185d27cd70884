using System.Globalization;
using System.Threading;
using ComfyCodegen.Generator.Helpers;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// The emitters write most lines as <c>writer.WriteLine($"…")</c>, which goes through <see cref="SourceLine"/> and
/// never becomes a string; it must write exactly what <c>WriteLine(string)</c> writes for the same text.
/// </summary>
public sealed class SourceWriterTests
{
    [Theory]
    [InlineData(0, "plain")]
    [InlineData(2, "plain")]
    [InlineData(1, "")]
    [InlineData(1, "two\nlines")]
    [InlineData(2, "first\r\nsecond\n\nfourth")]
    [InlineData(1, "trailing break\n")]
    [InlineData(1, "a carriage return \r alone")]
    public void AnInterpolatedLineIsWrittenAsItsString(int indentation, string hole)
    {
        var interpolated = new SourceWriter { Indentation = indentation };
        var plain = new SourceWriter { Indentation = indentation };

        interpolated.WriteLine($"{hole}");
        interpolated.WriteLine($"x = {hole};");
        interpolated.WriteLine($"{hole}{hole}");
        plain.WriteLine(hole);
        plain.WriteLine("x = " + hole + ";");
        plain.WriteLine(hole + hole);
        interpolated.Indentation = plain.Indentation = 0;

        Assert.Equal(plain.ToString(), interpolated.ToString());
    }

    [Fact]
    public void NumbersAreWrittenAsCSharpReadsThemInAnyCulture()
    {
        var culture = CultureInfo.CurrentCulture;
        // Swedish writes a minus as U+2212 and a decimal comma: neither is C#.
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
        try
        {
            // The culture really differs here (so this test can fail): a plain interpolation is not C#.
            Assert.NotEqual("-3 -1.5", $"{-3} {-1.5}");
            var writer = new SourceWriter();
            var count = -3;
            var ratio = -1.5;
            writer.WriteLine($"const int Count = {count}; const double Ratio = {ratio}; const string Hex = \"{255:X4}\";");

            Assert.Equal("const int Count = -3; const double Ratio = -1.5; const string Hex = \"00FF\";\n", writer.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void ANullHoleWritesNothing()
    {
        var writer = new SourceWriter { Indentation = 1 };
        string? nothing = null;
        writer.WriteLine($"{nothing}");
        writer.WriteLine($"a{nothing}b");
        writer.Indentation = 0;

        Assert.Equal("\n    ab\n", writer.ToString());
    }
}
