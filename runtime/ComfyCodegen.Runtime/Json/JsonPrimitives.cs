using System;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// The serializer's own converters for reference-type primitives, typed non-nullable. Generated code handles JSON
/// null itself before calling a converter, so these never see null, and list/map converters can take them as-is.
/// </summary>
public static class JsonPrimitives
{
    /// <summary>Strings.</summary>
    public static JsonConverter<string> String { get; } = JsonMetadataServices.StringConverter!;

    /// <summary>URIs.</summary>
    public static JsonConverter<Uri> Uri { get; } = JsonMetadataServices.UriConverter!;

    /// <summary>Base64 byte arrays.</summary>
    public static JsonConverter<byte[]> Bytes { get; } = JsonMetadataServices.ByteArrayConverter!;
}
