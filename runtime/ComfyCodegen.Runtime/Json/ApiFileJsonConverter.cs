using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// Binary properties travel as multipart file parts, never inside JSON; this converter exists so a model with a
/// file part still has a complete converter, and says so clearly if JSON is ever asked of it.
/// </summary>
public sealed class ApiFileJsonConverter : JsonConverter<ApiFile>
{
    /// <summary>The shared instance.</summary>
    public static ApiFileJsonConverter Instance { get; } = new();

    /// <inheritdoc />
    public override ApiFile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("A binary file part cannot be read from JSON.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ApiFile value, JsonSerializerOptions options) =>
        throw new JsonException("A binary file part cannot be written as JSON; it is sent as a multipart file part.");
}
