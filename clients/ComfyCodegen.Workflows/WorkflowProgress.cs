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

/// <summary>A progress report of <see cref="WorkflowRunner"/>.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="JobId">The job.</param>
/// <param name="Status">The server's status word (pending, in_progress, ...).</param>
/// <param name="FileName">The file being downloaded, in <see cref="WorkflowStage.Downloading"/>.</param>
/// <param name="BytesDone">Bytes of that file so far.</param>
/// <param name="BytesTotal">Its length, when the server says.</param>
public sealed record WorkflowProgress(WorkflowStage Stage, string JobId, string Status, string? FileName = null, long BytesDone = 0, long? BytesTotal = null);

/// <summary>A finished run: the job and the files written.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Files">Full paths of the downloaded outputs.</param>
public sealed record WorkflowResult(string JobId, System.Collections.Generic.IReadOnlyList<string> Files);
