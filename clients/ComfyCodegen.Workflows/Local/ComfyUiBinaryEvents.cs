using System;
using System.Text.Json;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// The first four bytes (big-endian) of a binary <c>/ws</c> frame: what the rest is (ComfyUI's protocol.py,
/// BinaryEventTypes).
/// </summary>
public static class ComfyUiBinaryEventType
{
    /// <summary>A preview image: four bytes of image format (1 JPEG, 2 PNG), then the encoded image.</summary>
    public const int PreviewImage = 1;

    /// <summary>An image before encoding; the server encodes it and sends <see cref="PreviewImage"/> instead, so it is not expected on the wire.</summary>
    public const int UnencodedPreviewImage = 2;

    /// <summary>Progress text of a node: four bytes of node id length, the node id, then UTF-8 text.</summary>
    public const int Text = 3;

    /// <summary>A preview image with metadata: four bytes of metadata length, the JSON metadata, then the encoded image.</summary>
    public const int PreviewImageWithMetadata = 4;
}

/// <summary>A binary <c>/ws</c> frame: its event type and the bytes after it.</summary>
/// <param name="Type">A name for the event type (preview_image, text, ...).</param>
/// <param name="EventType">The frame's first four bytes, big-endian (see <see cref="ComfyUiBinaryEventType"/>).</param>
/// <param name="Payload">Everything after them.</param>
public abstract record ComfyUiBinaryEvent(string Type, int EventType, ReadOnlyMemory<byte> Payload) : ComfyUiEvent(Type);

/// <summary>
/// A preview image of a running node (<see cref="ComfyUiBinaryEventType.PreviewImage"/>, or
/// <see cref="ComfyUiBinaryEventType.PreviewImageWithMetadata"/> for clients that announced
/// <c>supports_preview_metadata</c>).
/// </summary>
/// <param name="EventType">1 or 4.</param>
/// <param name="Payload">The bytes after the event type.</param>
/// <param name="MediaType">image/jpeg or image/png (null when the frame names a format this library does not know).</param>
/// <param name="Image">The encoded image.</param>
/// <param name="Metadata">The metadata of type 4 (node_id, prompt_id, image_type, ...); null for type 1.</param>
/// <param name="NodeId">The node, from the metadata.</param>
/// <param name="PromptId">The prompt, from the metadata.</param>
public sealed record ComfyUiPreviewImageEvent(int EventType, ReadOnlyMemory<byte> Payload, string? MediaType, ReadOnlyMemory<byte> Image, JsonElement? Metadata, string? NodeId, string? PromptId)
    : ComfyUiBinaryEvent(EventType == ComfyUiBinaryEventType.PreviewImageWithMetadata ? "preview_image_with_metadata" : "preview_image", EventType, Payload);

/// <summary>Progress text a node sent (<see cref="ComfyUiBinaryEventType.Text"/>).</summary>
/// <param name="Payload">The bytes after the event type.</param>
/// <param name="NodeId">The node.</param>
/// <param name="Text">The text.</param>
public sealed record ComfyUiTextEvent(ReadOnlyMemory<byte> Payload, string NodeId, string Text) : ComfyUiBinaryEvent("text", ComfyUiBinaryEventType.Text, Payload);

/// <summary>A binary frame of a type this library does not know, or too short for its type: passed through as sent.</summary>
/// <param name="EventType">The frame's first four bytes, big-endian (-1 when the frame is shorter than four bytes).</param>
/// <param name="Payload">The bytes after them (the whole frame when it is shorter than four bytes).</param>
public sealed record ComfyUiUnknownBinaryEvent(int EventType, ReadOnlyMemory<byte> Payload) : ComfyUiBinaryEvent("binary", EventType, Payload);
