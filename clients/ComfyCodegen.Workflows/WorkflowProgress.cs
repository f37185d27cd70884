namespace ComfyCodegen.Workflows;

/// <summary>What a workflow run is doing.</summary>
public enum WorkflowStage
{
    /// <summary>The workflow was accepted and waits for a machine.</summary>
    Queued,

    /// <summary>The workflow is executing.</summary>
    Running,

    /// <summary>An output file is being downloaded.</summary>
    Downloading,

    /// <summary>Every output is on disk.</summary>
    Completed,
}

/// <summary>A progress report of <see cref="WorkflowRunner"/>, <see cref="V2WorkflowRunner"/> or <see cref="Local.LocalWorkflowRunner"/>.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="JobId">The job.</param>
/// <param name="Status">The server's status word (pending, in_progress, ...).</param>
/// <param name="FileName">The file being downloaded, in <see cref="WorkflowStage.Downloading"/>.</param>
/// <param name="BytesDone">Bytes of that file so far.</param>
/// <param name="BytesTotal">Its length, when the server says.</param>
public sealed record WorkflowProgress(WorkflowStage Stage, string JobId, string Status, string? FileName = null, long BytesDone = 0, long? BytesTotal = null)
{
    /// <summary>The node running, in <see cref="WorkflowStage.Running"/>, when the server says which (a local server does, over /ws).</summary>
    public string? NodeId { get; init; }

    /// <summary>That node's class (KSampler, SaveImage, ...), from the submitted workflow.</summary>
    public string? NodeType { get; init; }

    /// <summary>The node's step so far, when it reports steps (a sampler does).</summary>
    public double? Step { get; init; }

    /// <summary>The node's steps in all, with <see cref="Step"/>.</summary>
    public double? Steps { get; init; }
}

/// <summary>A finished run: the job and the files written.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Files">Full paths of the downloaded outputs.</param>
public sealed record WorkflowResult(string JobId, System.Collections.Generic.IReadOnlyList<string> Files);
