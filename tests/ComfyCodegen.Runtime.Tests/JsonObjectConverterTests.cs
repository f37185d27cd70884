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
    public void TheCallersReaderGoesOnFromTheEndOfTheObject()
    {
        // The converter reads a copy of the caller's reader and hands it back: the caller must stand on the object's
        // end, so that the next object of an array (or the next member of an enclosing object) is read from there.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("""[{"id": "a", "name": null, "skip": {"x": [1]}}, {"count": 2, "name": "c", "id": "b"}, 7]"""));
        reader.Read();
        reader.Read();
        var first = ItemConverter.Instance.Read(ref reader, typeof(Item), Options);
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        reader.Read();
        var second = ItemConverter.Instance.Read(ref reader, typeof(Item), Options);
        reader.Read();

        Assert.Equal(new Item("a", null, null), first);
        Assert.Equal(new Item("b", "c", 2), second);
        Assert.Equal(7, reader.GetInt32());
    }

    [Fact]
    public void MembersTheSchemaDoesNotNameAreWrittenWithNullAsNull()
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            OthersConverter.Instance.Write(writer, new Others(new() { ["a"] = "x", ["b"] = null }, new() { ["c"] = 1, ["d"] = null }), Options);
        }

        Assert.Equal("""{"a":"x","b":null,"c":1,"d":null}""", Encoding.UTF8.GetString(stream.ToArray()));
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

        protected override Item Read(ref JsonObjectReader reader)
        {
            string? p0 = default;
            string? p1 = default;
            long? p2 = default;
            while (reader.Next(out var member))
            {
                switch (member)
                {
                    case 0: p0 = reader.Class(JsonPrimitives.String); break;
                    case 1: p1 = reader.Class(JsonPrimitives.String); break;
                    case 2: p2 = reader.Struct(JsonMetadataServices.Int64Converter); break;
                }
            }

            return new Item(reader.RequiredClass(p0, 0), reader.Present(p1, 1), p2);
        }

        protected override void Write(JsonObjectWriter writer, Item value)
        {
            writer.Write(0, value.Id, JsonPrimitives.String);
            writer.Nullable(1, value.Name, JsonPrimitives.String);
            writer.Optional(2, value.Count, JsonMetadataServices.Int64Converter);
        }
    }

    private sealed record Others(System.Collections.Generic.Dictionary<string, string?> Texts, System.Collections.Generic.Dictionary<string, long?> Numbers);

    /// <summary>No members of its own; writes what it keeps as the generator writes additional properties.</summary>
    private sealed class OthersConverter() : JsonObjectConverter<Others>("Others")
    {
        public static OthersConverter Instance { get; } = new();

        protected override Others Read(ref JsonObjectReader reader) => throw new NotSupportedException();

        protected override void Write(JsonObjectWriter writer, Others value)
        {
            foreach (var member in value.Texts)
            {
                writer.Other(member.Key, member.Value, JsonPrimitives.String);
            }

            foreach (var member in value.Numbers)
            {
                writer.Other(member.Key, member.Value, JsonMetadataServices.Int64Converter);
            }
        }
    }

    /// <summary>Seventy members m0…m69, every one required; reads what it finds and notes the first missing one.</summary>
    private sealed class WideConverter() : JsonObjectConverter<int[]>("Wide", Enumerable.Range(0, 70).Select(i => "m" + i).ToArray())
    {
        public string? LastMissing { get; private set; }

        protected override int[] Read(ref JsonObjectReader reader)
        {
            var values = Enumerable.Repeat(-1, 70).ToArray();
            while (reader.Next(out var member))
            {
                values[member] = reader.Struct(JsonMetadataServices.Int32Converter)!.Value;
            }

            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(i != 68, reader.Seen.Contains(i));
                try
                {
                    reader.RequiredStruct<int>(values[i] < 0 ? null : values[i], i);
                }
                catch (JsonException exception)
                {
                    LastMissing = exception.Message;
                }
            }

            return values;
        }

        protected override void Write(JsonObjectWriter writer, int[] value) => throw new NotSupportedException();
    }
}
