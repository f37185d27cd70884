using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using ComfyCodegen.Runtime.Json;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>The generic enum machinery: one converter and one listed check for every generated enum.</summary>
public sealed class ApiEnumTests
{
    [Fact]
    public void AListedValueIsTheSharedInstanceAndAnyOtherIsKept()
    {
        var listed = Read("\"b\\u0062\"");
        Assert.Equal(Shade.Dark, listed);
        Assert.Same(Shade.Dark.Value, listed.Value);

        var other = Read("\"mauve\"");
        Assert.Equal("mauve", other.Value);
        Assert.False(other.IsDefined);
        Assert.True(listed.IsDefined);
        Assert.False(default(Shade).IsDefined);
    }

    [Fact]
    public void ANonStringIsAJsonExceptionNamingTheEnum()
    {
        var exception = Assert.Throws<JsonException>(() => Read("3"));
        Assert.Equal("Expected a JSON string for Shade, found Number.", exception.Message);
    }

    [Fact]
    public void ValuesAreWrittenAsTheirWireString()
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ApiEnumJsonConverter<Shade>.Instance.Write(writer, new Shade("a\"b"), new JsonSerializerOptions());
        }

        Assert.Equal("\"a\\u0022b\"", Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static Shade Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return ApiEnumJsonConverter<Shade>.Instance.Read(ref reader, typeof(Shade), new JsonSerializerOptions());
    }

    /// <summary>Shaped as the generator writes an enum.</summary>
    private readonly record struct Shade : IApiEnum<Shade>
    {
        private readonly string? _value;

        public Shade(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

        public static Shade Light { get; } = new("a");

        public static Shade Dark { get; } = new("bb");

        public static IReadOnlyList<Shade> Listed { get; } = new[] { Light, Dark };

        public string Value => _value ?? string.Empty;

        public bool IsDefined => ApiEnum.IsListed(this);

        static Shade IApiEnum<Shade>.Create(string value) => new(value);

        public override string ToString() => Value;
    }
}
