using System;

namespace ComfyCodegen.Workflows;

/// <summary>
/// The job's event stream kept ending without a final status and without news, more often in a row than the runner
/// allows (<see cref="V2WorkflowRunner.MaxQuietReopens"/>), so the runner stopped waiting. The job itself may still be running on the server.
/// </summary>
public sealed class WorkflowStreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowStreamException(string jobId, string lastStatus, int quietEnds)
        : base($"The event stream of job {jobId} ended {quietEnds} times in a row without a final status or any news (last status '{lastStatus}'); stopped waiting. The job may still be running on the server.")
    {
        JobId = jobId;
        LastStatus = lastStatus;
        QuietEnds = quietEnds;
    }

    /// <summary>The job.</summary>
    public string JobId { get; }

    /// <summary>The last status the runner saw (queued, running, ...).</summary>
    public string LastStatus { get; }

    /// <summary>How many times in a row the stream ended without news before the runner gave up.</summary>
    public int QuietEnds { get; }
}
