using System;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>Formatting is culture-invariant; validation names the argument, the value and the constraint.</summary>
public sealed class ParameterTests
{
    [Fact]
    public void FormattingIgnoresTheCurrentCulture()
    {
        var original = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.Equal("1.5", ParameterFormatter.Format(1.5));
            Assert.Equal("1234567", ParameterFormatter.Format(1234567L));
            Assert.Equal("true", ParameterFormatter.Format(true));
            Assert.Equal("2026-11-29", ParameterFormatter.Format(new DateOnly(2026, 11, 29)));
            Assert.Equal("2026-11-29T10:30:00.0000000+01:00", ParameterFormatter.Format(new DateTimeOffset(2026, 11, 29, 10, 30, 0, TimeSpan.FromHours(1))));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void AnOptionalValueFormatsAsItsValueOrAsNullSoTheRequestLeavesItOut()
    {
        Assert.Equal("7", ParameterFormatter.Format((int?)7));
        Assert.Equal("-7", ParameterFormatter.Format((long?)-7L));
        Assert.Equal("0.25", ParameterFormatter.Format((double?)0.25));
        Assert.Equal("0.5", ParameterFormatter.Format((float?)0.5f));
        Assert.Equal("false", ParameterFormatter.Format((bool?)false));
        Assert.Equal("2026-12-03", ParameterFormatter.Format((DateOnly?)new DateOnly(2026, 12, 3)));
        Assert.Equal("1.02:03:04", ParameterFormatter.Format((TimeSpan?)new TimeSpan(1, 2, 3, 4)));
        Assert.Equal("2026-12-03T00:00:00.0000000+00:00", ParameterFormatter.Format((DateTimeOffset?)new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("00000000-0000-0000-0000-000000000001", ParameterFormatter.Format((Guid?)new Guid("00000000-0000-0000-0000-000000000001")));
        Assert.Equal("rel/a b", ParameterFormatter.Format(new Uri("rel/a b", UriKind.Relative)));
        Assert.Equal("AQI=", ParameterFormatter.Format(new byte[] { 1, 2 }));
        Assert.Equal("on", ParameterFormatter.Format((Switch?)Switch.On));

        Assert.Null(ParameterFormatter.Format((int?)null));
        Assert.Null(ParameterFormatter.Format((long?)null));
        Assert.Null(ParameterFormatter.Format((double?)null));
        Assert.Null(ParameterFormatter.Format((float?)null));
        Assert.Null(ParameterFormatter.Format((bool?)null));
        Assert.Null(ParameterFormatter.Format((DateOnly?)null));
        Assert.Null(ParameterFormatter.Format((TimeSpan?)null));
        Assert.Null(ParameterFormatter.Format((DateTimeOffset?)null));
        Assert.Null(ParameterFormatter.Format((Guid?)null));
        Assert.Null(ParameterFormatter.Format((Uri?)null));
        Assert.Null(ParameterFormatter.Format((byte[]?)null));
        Assert.Null(ParameterFormatter.Format((Switch?)null));

        var request = new ApiRequest("GET", "/things")
            .AddQuery("limit", ParameterFormatter.Format((int?)null))
            .AddQuery("mode", ParameterFormatter.Format((Switch?)null))
            .AddQuery("page", ParameterFormatter.Format((int?)2));
        Assert.Equal("things?page=2", request.RelativeUri);
    }

    [Fact]
    public void AnOptionalEnumIsCheckedOnlyWhenThereIsOne()
    {
        ParameterValidator.Defined((Switch?)null, "mode");
        ParameterValidator.Defined((Switch?)Switch.On, "mode");
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ParameterValidator.Defined((Switch?)new Switch("dim"), "mode"));
        Assert.Equal("mode", exception.ParamName);
        Assert.Contains("'mode' is \"dim\", which is not one of the values the API defines for Switch.", exception.Message);
    }

    [Fact]
    public void RangeNamesArgumentValueAndBound()
    {
        var low = Assert.Throws<ArgumentOutOfRangeException>(() => ParameterValidator.Range(0L, "limit", 1, false, 1000, false));
        var high = Assert.Throws<ArgumentOutOfRangeException>(() => ParameterValidator.Range(1001L, "limit", 1, false, 1000, false));

        Assert.Equal("limit", low.ParamName);
        Assert.Contains("'limit' is 0", low.Message);
        Assert.Contains(">= 1 (minimum)", low.Message);
        Assert.Contains("<= 1000 (maximum)", high.Message);
        ParameterValidator.Range(1L, "limit", 1, false, 1000, false);
        ParameterValidator.Range(1000L, "limit", 1, false, 1000, false);
    }

    [Fact]
    public void ExclusiveBoundsExcludeTheBound()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterValidator.Range(0d, "ratio", 0, true, null, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterValidator.Range(1d, "ratio", null, false, 1, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterValidator.Range(double.NaN, "ratio", 0, false, 1, false));
        ParameterValidator.Range(0.0001d, "ratio", 0, true, 1, true);
    }

    [Fact]
    public void LengthCountsCharactersNotUtf16Units()
    {
        // One emoji is one character for JSON Schema, two UTF-16 code units for .NET.
        ParameterValidator.Length("😀", "name", 1, 1);
        var exception = Assert.Throws<ArgumentException>(() => ParameterValidator.Length("ab", "name", null, 1));

        Assert.Contains("at most 1 (maxLength)", exception.Message);
    }

    [Fact]
    public void PatternMismatchQuotesValueAndPattern()
    {
        var regex = ParameterValidator.CreatePattern("^[a-z]+$");

        var exception = Assert.Throws<ArgumentException>(() => ParameterValidator.Pattern("ABC", "slug", regex));

        Assert.Contains("\"ABC\"", exception.Message);
        Assert.Contains("^[a-z]+$", exception.Message);
        ParameterValidator.Pattern("abc", "slug", regex);
    }

    [Fact]
    public void AHostilePatternCannotHangTheCaller()
    {
        var regex = ParameterValidator.CreatePattern("^(a+)+$");
        var input = new string('a', 5000) + "!";

        var exception = Assert.Throws<ArgumentException>(() => ParameterValidator.Pattern(input, "value", regex));

        Assert.Contains("could not be checked", exception.Message);
        Assert.Equal(ParameterValidator.PatternTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void CountChecksItems()
    {
        Assert.Throws<ArgumentException>(() => ParameterValidator.Count(Array.Empty<string>(), "tags", 1, null));
        Assert.Throws<ArgumentException>(() => ParameterValidator.Count(new[] { 1, 2, 3, 4 }, "tags", null, 3));
        ParameterValidator.Count(new[] { 1, 2, 3 }, "tags", 1, 3);
    }

    [Fact]
    public void NotNullThrowsArgumentNullException()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => ParameterValidator.NotNull(null, "body"));

        Assert.Equal("body", exception.ParamName);
    }

    /// <summary>Shaped as the generator writes an enum.</summary>
    private readonly record struct Switch : IApiEnum<Switch>
    {
        private readonly string? _value;

        public Switch(string value) => _value = value;

        public static Switch On { get; } = new("on");

        public static System.Collections.Generic.IReadOnlyList<Switch> Listed { get; } = new[] { On };

        public string Value => _value ?? string.Empty;

        public bool IsDefined => ApiEnum.IsListed(this);

        static Switch IApiEnum<Switch>.Create(string value) => new(value);
    }
}
