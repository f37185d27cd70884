using System;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// The converters for reference-type primitives (the serializer's own, strings aside), typed non-nullable. Generated code handles JSON
/// null itself before calling a converter, so these never see null, and list/map converters can take them as-is.
/// </summary>
public static class JsonPrimitives
{
    /// <summary>Strings (values repeated within one answer are shared: see RepeatedStrings).</summary>
    public static JsonConverter<string> String { get; } = SharedStringConverter.Instance;

    /// <summary>URIs.</summary>
    public static JsonConverter<Uri> Uri { get; } = JsonMetadataServices.UriConverter!;

    /// <summary>Base64 byte arrays.</summary>
    public static JsonConverter<byte[]> Bytes { get; } = JsonMetadataServices.ByteArrayConverter!;
}
