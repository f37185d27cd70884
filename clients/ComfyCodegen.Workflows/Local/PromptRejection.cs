using System.Collections.Generic;
using System.Linq;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// ComfyUI's answer to a workflow that fails validation (HTTP 400, <see cref="PromptErrorResponse"/>: the prompt's
/// error and each failing node's errors) as a <see cref="WorkflowFailedException"/> naming the first failing node,
/// its class and the server's messages.
/// </summary>
internal static class PromptRejection
{
    public static WorkflowFailedException From(PromptErrorResponse response, string jobId)
    {
        var nodes = (response.NodeErrors ?? new Dictionary<string, NodeError>()).Where(n => n.Value.Errors.Count > 0).ToList();
        if (nodes.Count == 0)
        {
            // No node to blame (no outputs, no prompt, ...): the prompt's own error says why.
            return new WorkflowFailedException(jobId, "invalid", null, null, response.Error?.Type, response.Error is { } error ? Describe(error) : "the server rejected the workflow");
        }

        var (nodeId, first) = (nodes[0].Key, nodes[0].Value);
        var messages = nodes.SelectMany(n => n.Value.Errors.Select(e => $"node {n.Key} ({n.Value.ClassType}): {Describe(e)}"));
        return new WorkflowFailedException(jobId, "invalid", nodeId, first.ClassType, first.Errors[0].Type, string.Join("; ", messages));
    }

    private static string Describe(PromptError error) =>
        string.IsNullOrEmpty(error.Details) ? error.Message : $"{error.Message}: {error.Details}";
}
