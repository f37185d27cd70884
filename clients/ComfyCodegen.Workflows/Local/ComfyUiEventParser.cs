using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// Turns one <c>/ws</c> frame into a <see cref="ComfyUiEvent"/>. Never throws: a message it cannot read as its
/// type says is passed through as <see cref="ComfyUiUnknownEvent"/> or <see cref="ComfyUiUnknownBinaryEvent"/>,
/// because a newer server or a custom node must not break a client that only wants to know when a prompt is done.
/// </summary>
public static class ComfyUiEventParser
{
    /// <summary>
    /// Reads a text frame: <c>{"type": ..., "data": {...}}</c>. A frame that is not such an object becomes a
    /// <see cref="ComfyUiUnknownEvent"/> with an empty type and the frame as its data (as a JSON string when it is not JSON).
    /// </summary>
    public static ComfyUiEvent ParseText(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray());
        }
        catch (JsonException)
        {
            return new ComfyUiUnknownEvent(string.Empty, ComfyUiJson.StringElement(Encoding.UTF8.GetString(utf8)));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return new ComfyUiUnknownEvent(string.Empty, root.Clone());
            }

            var type = typeElement.GetString()!;
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            return data.ValueKind == JsonValueKind.Object ? Typed(type, data) : new ComfyUiUnknownEvent(type, data);
        }
    }

    /// <summary>Reads a binary frame: four bytes of event type (big-endian), then that type's payload.</summary>
    public static ComfyUiEvent ParseBinary(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 4)
        {
            return new ComfyUiUnknownBinaryEvent(-1, frame.ToArray());
        }

        var eventType = BinaryPrimitives.ReadInt32BigEndian(frame);
        ReadOnlyMemory<byte> payload = frame[4..].ToArray();
        var span = payload.Span;
        switch (eventType)
        {
            case ComfyUiBinaryEventType.PreviewImage when span.Length >= 4:
                var format = BinaryPrimitives.ReadInt32BigEndian(span);
                return new ComfyUiPreviewImageEvent(eventType, payload, format switch { 1 => "image/jpeg", 2 => "image/png", _ => null }, payload[4..], null, null, null);

            case ComfyUiBinaryEventType.Text when span.Length >= 4:
                var idLength = BinaryPrimitives.ReadInt32BigEndian(span);
                if (idLength < 0 || idLength > span.Length - 4)
                {
                    break;
                }

                return new ComfyUiTextEvent(payload, Encoding.UTF8.GetString(span.Slice(4, idLength)), Encoding.UTF8.GetString(span[(4 + idLength)..]));

            case ComfyUiBinaryEventType.PreviewImageWithMetadata when span.Length >= 4:
                var metadataLength = BinaryPrimitives.ReadInt32BigEndian(span);
                if (metadataLength < 0 || metadataLength > span.Length - 4)
                {
                    break;
                }

                JsonElement metadata;
                try
                {
                    using var document = JsonDocument.Parse(payload.Slice(4, metadataLength));
                    metadata = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    break;
                }

                return new ComfyUiPreviewImageEvent(
                    eventType,
                    payload,
                    ComfyUiJson.String(metadata, "image_type"),
                    payload[(4 + metadataLength)..],
                    metadata,
                    ComfyUiJson.String(metadata, "node_id"),
                    ComfyUiJson.String(metadata, "prompt_id"));
        }

        return new ComfyUiUnknownBinaryEvent(eventType, payload);
    }

    /// <summary>
    /// Types one message given as its type and data, e.g. an entry of a history's <c>status.messages</c>
    /// (<c>[type, data]</c> pairs, the same messages the server sent over /ws).
    /// </summary>
    public static ComfyUiEvent FromMessage(string type, JsonElement data)
    {
        ArgumentNullException.ThrowIfNull(type);
        return data.ValueKind == JsonValueKind.Object ? Typed(type, data) : new ComfyUiUnknownEvent(type, data);
    }

    private static ComfyUiEvent Typed(string type, JsonElement data) => type switch
    {
        "status" => new ComfyUiStatusEvent(
            data,
            data.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object && status.TryGetProperty("exec_info", out var info)
                ? ComfyUiJson.Int(info, "queue_remaining")
                : null,
            ComfyUiJson.String(data, "sid")),
        "execution_start" => new ComfyUiExecutionStartEvent(data, ComfyUiJson.String(data, "prompt_id"), Timestamp(data)),
        "execution_cached" => new ComfyUiExecutionCachedEvent(data, ComfyUiJson.String(data, "prompt_id"), ComfyUiJson.Strings(data, "nodes"), Timestamp(data)),
        "executing" => new ComfyUiExecutingEvent(data, ComfyUiJson.String(data, "prompt_id"), ComfyUiJson.String(data, "node"), ComfyUiJson.String(data, "display_node")),
        "progress" => new ComfyUiProgressEvent(data, ComfyUiJson.String(data, "prompt_id"), ComfyUiJson.String(data, "node"), ComfyUiJson.Double(data, "value") ?? 0, ComfyUiJson.Double(data, "max") ?? 0),
        "progress_state" => new ComfyUiProgressStateEvent(data, ComfyUiJson.String(data, "prompt_id"), NodeStates(data)),
        "executed" => Executed(data),
        "execution_success" => new ComfyUiExecutionSuccessEvent(data, ComfyUiJson.String(data, "prompt_id"), Timestamp(data)),
        "execution_error" => new ComfyUiExecutionErrorEvent(
            data,
            ComfyUiJson.String(data, "prompt_id"),
            ComfyUiJson.String(data, "node_id"),
            ComfyUiJson.String(data, "node_type"),
            ComfyUiJson.String(data, "exception_type"),
            ComfyUiJson.String(data, "exception_message"),
            ComfyUiJson.Strings(data, "traceback"),
            ComfyUiJson.Strings(data, "executed"),
            Timestamp(data)),
        "execution_interrupted" => new ComfyUiExecutionInterruptedEvent(
            data,
            ComfyUiJson.String(data, "prompt_id"),
            ComfyUiJson.String(data, "node_id"),
            ComfyUiJson.String(data, "node_type"),
            ComfyUiJson.Strings(data, "executed"),
            Timestamp(data)),
        _ => new ComfyUiUnknownEvent(type, data),
    };

    private static ComfyUiExecutedEvent Executed(JsonElement data)
    {
        JsonElement? output = data.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.Object ? o : null;
        return new ComfyUiExecutedEvent(
            data,
            ComfyUiJson.String(data, "prompt_id"),
            ComfyUiJson.String(data, "node"),
            ComfyUiJson.String(data, "display_node"),
            output is { } value ? ComfyUiJson.OutputFiles(value) : Array.Empty<ComfyUiOutputFile>(),
            output);
    }

    private static Dictionary<string, ComfyUiNodeProgress> NodeStates(JsonElement data)
    {
        var nodes = new Dictionary<string, ComfyUiNodeProgress>(StringComparer.Ordinal);
        if (data.TryGetProperty("nodes", out var all) && all.ValueKind == JsonValueKind.Object)
        {
            foreach (var node in all.EnumerateObject())
            {
                if (node.Value.ValueKind == JsonValueKind.Object)
                {
                    var state = node.Value;
                    nodes[node.Name] = new ComfyUiNodeProgress(
                        ComfyUiJson.String(state, "node_id") ?? node.Name,
                        ComfyUiJson.String(state, "state"),
                        ComfyUiJson.Double(state, "value") ?? 0,
                        ComfyUiJson.Double(state, "max") ?? 0,
                        ComfyUiJson.String(state, "display_node_id"),
                        ComfyUiJson.String(state, "parent_node_id"),
                        ComfyUiJson.String(state, "real_node_id"));
                }
            }
        }

        return nodes;
    }

    private static DateTimeOffset? Timestamp(JsonElement data) =>
        data.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var milliseconds)
            && milliseconds is >= -62135596800000 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;
}
