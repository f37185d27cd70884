using System;
using System.Collections.Generic;
using System.Buffers;
using System.Text.Json;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// Lenient reads of ComfyUI's JSON (events, history): a member of an unexpected kind reads as absent instead of
/// throwing, because these bodies are not described by any spec and vary between server versions.
/// </summary>
internal static class ComfyUiJson
{
    /// <summary>A JSON string element holding <paramref name="text"/>, escaped by the writer.</summary>
    public static JsonElement StringElement(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>A string member; a number is read as its text (node ids are sometimes numbers in hand-written workflows).</summary>
    public static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static double? Double(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static int? Int(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    /// <summary>An array member's strings (numbers as their text); anything else is skipped.</summary>
    public static IReadOnlyList<string> Strings(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return Array.Empty<string>();
        }

        var items = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!);
            }
            else if (item.ValueKind == JsonValueKind.Number)
            {
                items.Add(item.GetRawText());
            }
        }

        return items;
    }

    /// <summary>
    /// The files one node's UI output lists: <c>{ images|gifs|audio|...: [ { filename, subfolder, type } ] }</c>.
    /// Items without a file name (text outputs, flags such as <c>animated</c>) are not files and are skipped.
    /// </summary>
    public static IReadOnlyList<ComfyUiOutputFile> OutputFiles(JsonElement output)
    {
        var files = new List<ComfyUiOutputFile>();
        if (output.ValueKind == JsonValueKind.Object)
        {
            foreach (var kind in output.EnumerateObject())
            {
                files.AddRange(OutputFiles(kind.Name, kind.Value));
            }
        }

        return files;
    }

    /// <summary>The files of one output key (<c>images</c>, <c>gifs</c>, ...): the items of its array that have a file name.</summary>
    public static IEnumerable<ComfyUiOutputFile> OutputFiles(string kind, JsonElement items)
    {
        if (items.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (String(item, "filename") is { Length: > 0 } fileName)
            {
                yield return new ComfyUiOutputFile(kind, fileName, String(item, "subfolder") ?? string.Empty, String(item, "type") ?? "output");
            }
        }
    }
}
