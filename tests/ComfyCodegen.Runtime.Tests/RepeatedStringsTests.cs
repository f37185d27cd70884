using System;
using System.Collections.Generic;
using System.Text;
using ComfyCodegen.Runtime.Json;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>Repeated short strings within one answer are one instance; nothing is shared across answers.</summary>
public sealed class RepeatedStringsTests
{
    private static readonly ListJsonConverter<string> Strings = new(JsonPrimitives.String, itemNullable: true);

    private static IReadOnlyList<string> Read(string json) => ApiJson.Deserialize(Encoding.UTF8.GetBytes(json), Strings)!;

    [Fact]
    public void EqualValuesInOneAnswerAreOneString()
    {
        var values = Read("""["image/png","video/mp4","image/png","image\/png",null,"",""]""");

        Assert.Equal(new string?[] { "image/png", "video/mp4", "image/png", "image/png", null, "", "" }, (IReadOnlyList<string?>)values);
        Assert.Same(values[0], values[2]);
        Assert.NotSame(values[0], values[1]);
    }

    [Fact]
    public void LongValuesAreReadAsTheyCome()
    {
        var id = new string('a', 100);

        var values = Read($"""["{id}","{id}"]""");

        Assert.Equal(id, values[0]);
        Assert.Equal(id, values[1]);
        Assert.NotSame(values[0], values[1]);
    }

    [Fact]
    public void NothingIsSharedAcrossAnswers()
    {
        var first = Read("""["job-1"]""");
        var second = Read("""["job-1"]""");

        Assert.Equal(first[0], second[0]);
        Assert.NotSame(first[0], second[0]);
    }

    [Fact]
    public void SlotCollisionsNeverMixValuesUp()
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < 2_000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append('"').Append("v").Append(i % 700).Append('"');
        }

        var values = Read(json.Append(']').ToString());

        for (var i = 0; i < 2_000; i++)
        {
            Assert.Equal("v" + (i % 700), values[i]);
        }
    }

    [Fact]
    public void OutsideADeserializeCallStringsAreNotShared()
    {
        var reader = new System.Text.Json.Utf8JsonReader("\"abc\""u8);
        reader.Read();
        var a = JsonPrimitives.String.Read(ref reader, typeof(string), ApiJson.Options);
        var b = JsonPrimitives.String.Read(ref reader, typeof(string), ApiJson.Options);

        Assert.Equal("abc", a);
        Assert.NotSame(a, b);
    }
}
