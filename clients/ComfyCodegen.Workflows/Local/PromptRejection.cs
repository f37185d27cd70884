using System;
using System.Collections.Generic;
using System.Text.Json;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// ComfyUI's answer to a workflow that fails validation (HTTP 400): <c>{"error": {type, message, details},
/// "node_errors": {node id: {"class_type": ..., "errors": [{type, message, details}]}}}</c>, as a
/// <see cref="WorkflowFailedException"/> naming the first failing node, its class and the server's message.
/// </summary>
internal static class PromptRejection
{
    /// <summary>The exception for <paramref name="body"/>, or null when it is not ComfyUI's validation answer.</summary>
    public static WorkflowFailedException? TryRead(string? body, string jobId)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error))
            {
                return null;
            }

            var messages = new List<string>();
            string? nodeId = null, nodeType = null, errorType = null;
            if (root.TryGetProperty("node_errors", out var nodes) && nodes.ValueKind == JsonValueKind.Object)
            {
                foreach (var node in nodes.EnumerateObject())
                {
                    nodeId ??= node.Name;
                    nodeType ??= ComfyUiJson.String(node.Value, "class_type");
                    if (node.Value.ValueKind == JsonValueKind.Object && node.Value.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in errors.EnumerateArray())
                        {
                            errorType ??= ComfyUiJson.String(item, "type");
                            messages.Add($"node {node.Name}: {Describe(item)}");
                        }
                    }
                }
            }

            if (nodeId is null)
            {
                // No node to blame (no outputs, no prompt, ...): the top-level error says why.
                return new WorkflowFailedException(jobId, "invalid", null, null, ComfyUiJson.String(error, "type"), Describe(error));
            }

            return new WorkflowFailedException(jobId, "invalid", nodeId, nodeType, errorType ?? ComfyUiJson.String(error, "type"), messages.Count > 0 ? string.Join("; ", messages) : Describe(error));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String)
        {
            return error.GetString()!;
        }

        var message = ComfyUiJson.String(error, "message") ?? "invalid prompt";
        var details = ComfyUiJson.String(error, "details");
        return string.IsNullOrEmpty(details) ? message : $"{message}: {details}";
    }
}
