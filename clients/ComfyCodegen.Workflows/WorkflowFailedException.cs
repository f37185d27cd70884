using System;

namespace ComfyCodegen.Workflows;

/// <summary>The server ran the workflow and it failed: which node, of which type, and why.</summary>
public sealed class WorkflowFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowFailedException(string jobId, string status, string? nodeId, string? nodeType, string? exceptionType, string? detail)
        : base(Describe(jobId, status, nodeId, nodeType, exceptionType, detail))
    {
        JobId = jobId;
        Status = status;
        NodeId = nodeId;
        NodeType = nodeType;
        ExceptionType = exceptionType;
        Detail = detail;
    }

    /// <summary>The job.</summary>
    public string JobId { get; }

    /// <summary>The final status (error, cancelled, ...).</summary>
    public string Status { get; }

    /// <summary>The node that failed, when the server says.</summary>
    public string? NodeId { get; }

    /// <summary>That node's class (KSampler, ...).</summary>
    public string? NodeType { get; }

    /// <summary>The Python exception type on the server.</summary>
    public string? ExceptionType { get; }

    /// <summary>The server's message.</summary>
    public string? Detail { get; }

    private static string Describe(string jobId, string status, string? nodeId, string? nodeType, string? exceptionType, string? detail) =>
        nodeId is null
            ? $"Workflow {jobId} ended '{status}'{(detail is null ? "." : ": " + detail)}"
            : $"Workflow {jobId} failed in node {nodeId} ({nodeType}): {exceptionType}: {detail}";
}
