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
    public void EachPrimitiveReadsAndWritesAsItsConverterDoes()
    {
        const string Json = """{"s":"a","i":1,"l":2,"f":1.5,"d":2.5,"b":true,"at":"2024-01-02T03:04:05+01:00","day":"2024-01-02","span":"01:02:03","g":"00000000-0000-0000-0000-000000000001","u":"https://x.test/a?b","bytes":"AQI=","j":{"k":[1]}}""";
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(Json));
        reader.Read();
        var read = PrimitivesConverter.Instance.Read(ref reader, typeof(Primitives), Options);

        Assert.Equal("a", read.S);
        Assert.Equal(1, read.I);
        Assert.Equal(2L, read.L);
        Assert.Equal(1.5f, read.F);
        Assert.Equal(2.5d, read.D);
        Assert.True(read.B);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)), read.At);
        Assert.Equal(new DateOnly(2024, 1, 2), read.Day);
        Assert.Equal(new TimeSpan(1, 2, 3), read.Span);
        Assert.Equal(new Guid("00000000-0000-0000-0000-000000000001"), read.G);
        Assert.Equal(new Uri("https://x.test/a?b"), read.U);
        Assert.Equal(new byte[] { 1, 2 }, read.Bytes);
        Assert.Equal("""{"k":[1]}""", read.J!.Value.GetRawText());

        // Written back: every member required (Write), then every one optional and null (left out), then every one
        // required and nullable and null (written as null).
        Assert.Equal(Json, WritePrimitives(read, PrimitivesConverter.Mode.Write));
        Assert.Equal("{}", WritePrimitives(new Primitives(), PrimitivesConverter.Mode.Optional));
        Assert.Equal(Json, WritePrimitives(read, PrimitivesConverter.Mode.Optional));
        Assert.Equal("{" + string.Join(",", PrimitivesConverter.Names.Select(n => $"\"{n}\":null")) + "}", WritePrimitives(new Primitives(), PrimitivesConverter.Mode.Nullable));
        Assert.Equal(Json, WritePrimitives(read, PrimitivesConverter.Mode.Nullable));

        // A JSON null reads as null for each of them.
        var nulls = new Utf8JsonReader(Encoding.UTF8.GetBytes("{" + string.Join(",", PrimitivesConverter.Names.Select(n => $"\"{n}\":null")) + "}"));
        nulls.Read();
        Assert.Equal(new Primitives(), PrimitivesConverter.Instance.Read(ref nulls, typeof(Primitives), Options));
    }

    private static string WritePrimitives(Primitives value, PrimitivesConverter.Mode mode)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            new PrimitivesConverter(mode).Write(writer, value, Options);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
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

    private sealed record Primitives(
        string? S = null, int? I = null, long? L = null, float? F = null, double? D = null, bool? B = null, DateTimeOffset? At = null,
        DateOnly? Day = null, TimeSpan? Span = null, Guid? G = null, Uri? U = null, byte[]? Bytes = null, JsonElement? J = null);

    /// <summary>Every primitive member of the reader and writer, one member each.</summary>
    private sealed class PrimitivesConverter(PrimitivesConverter.Mode mode) : JsonObjectConverter<Primitives>("Primitives", Names)
    {
        public static readonly string[] Names = ["s", "i", "l", "f", "d", "b", "at", "day", "span", "g", "u", "bytes", "j"];

        public enum Mode
        {
            Write,
            Optional,
            Nullable,
        }

        public static PrimitivesConverter Instance { get; } = new(Mode.Write);

        protected override Primitives Read(ref JsonObjectReader reader)
        {
            var value = new Primitives();
            while (reader.Next(out var member))
            {
                value = member switch
                {
                    0 => value with { S = reader.String() },
                    1 => value with { I = reader.Int32() },
                    2 => value with { L = reader.Int64() },
                    3 => value with { F = reader.Single() },
                    4 => value with { D = reader.Double() },
                    5 => value with { B = reader.Boolean() },
                    6 => value with { At = reader.DateTimeOffset() },
                    7 => value with { Day = reader.DateOnly() },
                    8 => value with { Span = reader.TimeSpan() },
                    9 => value with { G = reader.Guid() },
                    10 => value with { U = reader.Uri() },
                    11 => value with { Bytes = reader.Bytes() },
                    _ => value with { J = reader.JsonElement() },
                };
            }

            return value;
        }

        protected override void Write(JsonObjectWriter writer, Primitives value)
        {
            switch (mode)
            {
                case Mode.Write:
                    writer.Write(0, value.S);
                    writer.Write(1, value.I!.Value);
                    writer.Write(2, value.L!.Value);
                    writer.Write(3, value.F!.Value);
                    writer.Write(4, value.D!.Value);
                    writer.Write(5, value.B!.Value);
                    writer.Write(6, value.At!.Value);
                    writer.Write(7, value.Day!.Value);
                    writer.Write(8, value.Span!.Value);
                    writer.Write(9, value.G!.Value);
                    writer.Write(10, value.U);
                    writer.Write(11, value.Bytes);
                    writer.Write(12, value.J!.Value);
                    break;
                case Mode.Optional:
                    writer.Optional(0, value.S);
                    writer.Optional(1, value.I);
                    writer.Optional(2, value.L);
                    writer.Optional(3, value.F);
                    writer.Optional(4, value.D);
                    writer.Optional(5, value.B);
                    writer.Optional(6, value.At);
                    writer.Optional(7, value.Day);
                    writer.Optional(8, value.Span);
                    writer.Optional(9, value.G);
                    writer.Optional(10, value.U);
                    writer.Optional(11, value.Bytes);
                    writer.Optional(12, value.J);
                    break;
                default:
                    writer.Nullable(0, value.S);
                    writer.Nullable(1, value.I);
                    writer.Nullable(2, value.L);
                    writer.Nullable(3, value.F);
                    writer.Nullable(4, value.D);
                    writer.Nullable(5, value.B);
                    writer.Nullable(6, value.At);
                    writer.Nullable(7, value.Day);
                    writer.Nullable(8, value.Span);
                    writer.Nullable(9, value.G);
                    writer.Nullable(10, value.U);
                    writer.Nullable(11, value.Bytes);
                    writer.Nullable(12, value.J);
                    break;
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
