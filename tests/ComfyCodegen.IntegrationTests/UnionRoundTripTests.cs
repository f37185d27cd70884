using System.Linq;
using System.Text.Json;
using Comfy.Cloud;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>
/// oneOf without a discriminator: every variant the spec allows reads into the right case and writes back to the
/// same JSON (NSwag throws on the string form of UserDataResponse and on the QueueItem tuple).
/// </summary>
public sealed class UnionRoundTripTests
{
    [Fact]
    public void UserDataResponseObjectVariantRoundTrips()
    {
        const string Json = """{"path":"workflows/a.json","size":1024,"modified":"2026-11-29T10:00:00+00:00"}""";

        var value = JsonSerializer.Deserialize<UserDataResponse>(Json)!;

        Assert.True(value.IsUserDataResponseFull);
        Assert.False(value.IsString);
        Assert.Equal("workflows/a.json", value.AsUserDataResponseFull!.Path);
        Assert.Equal(1024, value.AsUserDataResponseFull.Size);
        Assert.Equal(Json, JsonSerializer.Serialize(value));
    }

    [Fact]
    public void UserDataResponseStringVariantRoundTrips()
    {
        const string Json = "\"workflows/a.json\"";

        var value = JsonSerializer.Deserialize<UserDataResponse>(Json)!;

        Assert.True(value.IsString);
        Assert.Equal("workflows/a.json", value.AsString);
        Assert.Null(value.AsUserDataResponseFull);
        Assert.Equal(Json, JsonSerializer.Serialize(value));
    }

    [Fact]
    public void UserDataResponseBuiltInCodeWritesItsVariant()
    {
        UserDataResponse fromString = "short/path.json";
        UserDataResponse fromObject = new UserDataResponseFull { Path = "p", Size = 1 };

        Assert.Equal("\"short/path.json\"", JsonSerializer.Serialize(fromString));
        Assert.Equal("""{"path":"p","size":1}""", JsonSerializer.Serialize(fromObject));
    }

    [Fact]
    public void AJsonTokenNoVariantAcceptsIsAJsonException()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<UserDataResponse>("true"));
    }

    [Fact]
    public void QueueItemTupleRoundTripsEveryPosition()
    {
        const string Json = """
            {"queue_running":[[1,"6f1b8a9e-2c59-4a7e-9f3e-0a7f5b1c2d3e",{"3":{"class_type":"KSampler","inputs":{"seed":5}}},["9","12"],{"create_time":1764410400000}]],"queue_pending":[]}
            """;

        var queue = JsonSerializer.Deserialize<QueueInfo>(Json)!;

        var item = Assert.Single(queue.QueueRunning!);
        Assert.Equal(5, item.Count);
        Assert.Equal(1, item[0].AsInt32);
        Assert.Equal("6f1b8a9e-2c59-4a7e-9f3e-0a7f5b1c2d3e", item[1].AsString);
        Assert.Equal("KSampler", item[2].AsJson!.Value.GetProperty("3").GetProperty("class_type").GetString());
        Assert.Equal(new[] { "9", "12" }, item[3].AsStringList);
        Assert.Equal(1764410400000, item[4].AsJson!.Value.GetProperty("create_time").GetInt64());
        Assert.Empty(queue.QueuePending!);
        Assert.Equal(Json.Trim(), JsonSerializer.Serialize(queue));
    }

    [Fact]
    public void QueueItemNumbersOutsideInt32FallBackToTheFreeFormVariant()
    {
        const string Json = """{"queue_running":[[12345678901,"id"]]}""";

        var queue = JsonSerializer.Deserialize<QueueInfo>(Json)!;

        var first = queue.QueueRunning!.Single()[0];
        Assert.False(first.IsInt32);
        Assert.Equal(12345678901, first.AsJson!.Value.GetInt64());
        Assert.Equal(Json, JsonSerializer.Serialize(queue));
    }
}
