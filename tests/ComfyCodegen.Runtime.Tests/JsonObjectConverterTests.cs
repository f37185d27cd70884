using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ComfyCodegen.Runtime.Json;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>
/// The base every generated object converter stands on: members found by name in any order, others skipped, presence
/// kept for the required-member messages (past 64 members too), and optional members left out when written.
/// </summary>
public sealed class JsonObjectConverterTests
{
    private static readonly JsonSerializerOptions Options = new();

    [Fact]
    public void MembersAreFoundInAnyOrderAndOthersAreSkipped()
    {
        var item = Read("""{"extra": {"deep": [1, {"id": "no"}]}, "count": 3, "\u006eame": "a", "more": null, "id": "x"}""");

        Assert.Equal(new Item("x", "a", 3), item);
    }

    [Fact]
    public void ARequiredMemberSaysWhetherItWasMissingOrNull()
    {
        Assert.Equal("The required property 'id' of Item is missing.", Assert.Throws<JsonException>(() => Read("""{"name": "a"}""")).Message);
        Assert.Equal("The property 'id' of Item is null, but the spec does not allow null.", Assert.Throws<JsonException>(() => Read("""{"id": null}""")).Message);
        Assert.Equal("The required property 'name' of Item is missing.", Assert.Throws<JsonException>(() => Read("""{"id": "x"}""")).Message);
        Assert.Null(Read("""{"id": "x", "name": null}""").Name);
    }

    [Fact]
    public void ANonObjectOrATruncatedObjectIsAJsonException()
    {
        Assert.Equal("Expected a JSON object for Item, found StartArray.", Assert.Throws<JsonException>(() => Read("[]")).Message);
        var truncated = Assert.Throws<JsonException>(() =>
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("""{"id": "x", """), isFinalBlock: false, state: default);
            reader.Read();
            ItemConverter.Instance.Read(ref reader, typeof(Item), Options);
        });
        Assert.Equal("The JSON ends inside Item.", truncated.Message);
    }

    [Fact]
    public void OptionalMembersAreLeftOutAndRequiredNullableOnesAreWrittenAsNull()
    {
        Assert.Equal("""{"id":"x","name":null}""", Write(new Item("x", null, null)));
        Assert.Equal("""{"id":"x","name":"a","count":3}""", Write(new Item("x", "a", 3)));
    }

    [Fact]
    public void PresenceIsKeptForMembersPastTheSixtyFourth()
    {
        var set = default(JsonMemberSet);
        foreach (var member in new[] { 0, 63, 64, 130 })
        {
            Assert.False(set.Contains(member));
        }

        var converter = new WideConverter();
        var json = "{" + string.Join(", ", Enumerable.Range(0, 70).Where(i => i != 68).Select(i => $"\"m{i}\": {i}")) + "}";
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var read = converter.Read(ref reader, typeof(int[]), Options);

        Assert.Equal(70, read.Length);
        Assert.Equal(69, read[69]);
        Assert.Equal(-1, read[68]);
        Assert.Equal(64, read[64]);
        Assert.Equal("The required property 'm68' of Wide is missing.", converter.LastMissing);
    }

    private static Item Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return ItemConverter.Instance.Read(ref reader, typeof(Item), Options);
    }

    private static string Write(Item item)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ItemConverter.Instance.Write(writer, item, Options);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed record Item(string Id, string? Name, long? Count);

    /// <summary>Written the way the generator writes a converter: id required, name required and nullable, count optional.</summary>
    private sealed class ItemConverter : JsonObjectConverter<Item>
    {
        public ItemConverter()
            : base("Item", "id", "name", "count")
        {
        }

        public static ItemConverter Instance { get; } = new();

        public override Item Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? p0 = default;
            string? p1 = default;
            long? p2 = default;
            var seen = Start(ref reader);
            while (Next(ref reader, ref seen, out var member))
            {
                switch (member)
                {
                    case 0: p0 = ReadClass(ref reader, JsonPrimitives.String, options); break;
                    case 1: p1 = ReadClass(ref reader, JsonPrimitives.String, options); break;
                    case 2: p2 = ReadStruct(ref reader, JsonMetadataServices.Int64Converter, options); break;
                }
            }

            return new Item(RequiredClass(p0, seen, 0), Present(p1, seen, 1), p2);
        }

        public override void Write(Utf8JsonWriter writer, Item value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            Write(writer, 0, value.Id, JsonPrimitives.String, options);
            WriteNullable(writer, 1, value.Name, JsonPrimitives.String, options);
            WriteOptional(writer, 2, value.Count, JsonMetadataServices.Int64Converter, options);
            writer.WriteEndObject();
        }
    }

    /// <summary>Seventy members m0…m69, every one required; reads what it finds and notes the first missing one.</summary>
    private sealed class WideConverter() : JsonObjectConverter<int[]>("Wide", Enumerable.Range(0, 70).Select(i => "m" + i).ToArray())
    {
        public string? LastMissing { get; private set; }

        public override int[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var values = Enumerable.Repeat(-1, 70).ToArray();
            var seen = Start(ref reader);
            while (Next(ref reader, ref seen, out var member))
            {
                values[member] = reader.GetInt32();
            }

            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(i != 68, seen.Contains(i));
                try
                {
                    RequiredStruct<int>(values[i] < 0 ? null : values[i], seen, i);
                }
                catch (JsonException exception)
                {
                    LastMissing = exception.Message;
                }
            }

            return values;
        }

        public override void Write(Utf8JsonWriter writer, int[] value, JsonSerializerOptions options) => throw new NotSupportedException();
    }
}
