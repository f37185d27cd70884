using System;
using System.Collections.Generic;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>Paths and query strings: a value can never change the path or add a query.</summary>
public sealed class ApiRequestTests
{
    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("../../secrets", "..%2F..%2Fsecrets")]
    [InlineData("..a", "..a")]
    [InlineData("a/b?x=1#y", "a%2Fb%3Fx%3D1%23y")]
    [InlineData("100%", "100%25")]
    [InlineData("two words", "two%20words")]
    [InlineData("café", "caf%C3%A9")]
    [InlineData("emoji😀", "emoji%F0%9F%98%80")]
    public void PathParametersAreEscapedAsOneSegment(string value, string expected)
    {
        var request = new ApiRequest("GET", "/api/userdata/").AppendPathParameter("file", value);

        Assert.Equal("api/userdata/" + expected, request.RelativeUri);
        var uri = new Uri(new Uri("http://127.0.0.1:5000/"), request.RelativeUri);
        Assert.Equal("/api/userdata/" + expected, uri.AbsolutePath);
        Assert.Equal(string.Empty, uri.Query);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    public void PathParametersThatWouldChangeThePathAreRejected(string value)
    {
        var exception = Assert.Throws<ArgumentException>(() => new ApiRequest("GET", "/a/").AppendPathParameter("id", value));

        Assert.Equal("id", exception.ParamName);
    }

    [Fact]
    public void QueryValuesAreEncodedAndNullsSkipped()
    {
        var request = new ApiRequest("GET", "/q")
            .AddQuery("a", "x&y=z+1 é")
            .AddQuery("skipped", null)
            .AddQuery("b", "2");

        Assert.Equal("q?a=x%26y%3Dz%2B1%20%C3%A9&b=2", request.RelativeUri);
    }

    [Fact]
    public void ExplodedArraysRepeatTheName()
    {
        var request = new ApiRequest("GET", "/q").AddQuery("tag", new[] { "a b", "c,d" }, explode: true, v => v);

        Assert.Equal("q?tag=a%20b&tag=c%2Cd", request.RelativeUri);
    }

    [Fact]
    public void UnexplodedArraysJoinWithLiteralCommasAndEncodedItems()
    {
        var request = new ApiRequest("GET", "/q").AddQuery("tags", new[] { "a,b", "c" }, explode: false, v => v);

        Assert.Equal("q?tags=a%2Cb,c", request.RelativeUri);
    }

    [Fact]
    public void NullArrayAddsNothing()
    {
        var request = new ApiRequest("GET", "/q").AddQuery("tags", (IEnumerable<string>?)null, explode: false, v => v);

        Assert.Equal("q", request.RelativeUri);
    }

    [Theory]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    public void HeaderValuesWithLineBreaksAreRejected(string value)
    {
        var exception = Assert.Throws<ArgumentException>(() => new ApiRequest("GET", "/").AddHeader("X-Trace", value));

        Assert.Equal("X-Trace", exception.ParamName);
    }
}
