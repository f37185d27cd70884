using System;
using System.Collections.Generic;

namespace ComfyCodegen.FakeCloud;

/// <summary>What GET /api/view does when a file is found and no <c>channel</c> is requested.</summary>
public enum ViewResponseMode
{
    /// <summary>302 to an absolute URL on <see cref="FakeComfyCloud.SecondOriginAddress"/> (the "signed URL" host). Default.</summary>
    CrossOriginRedirect,

    /// <summary>302 to an absolute URL on <see cref="FakeComfyCloud.BaseAddress"/> (path /signed/{token}).</summary>
    SameOriginRedirect,

    /// <summary>302 with a relative Location ("/signed/{token}?...") resolved against the main origin.</summary>
    SameOriginRelativeRedirect,

    /// <summary>200 with the bytes, from the main origin, no redirect.</summary>
    Direct,
}

/// <summary>Internal job state. The spec's status strings are derived from it.</summary>
public enum FakeJobStatus
{
    /// <summary>Queued ("pending"; appears in queue_pending).</summary>
    Pending,

    /// <summary>Running ("in_progress"; appears in queue_running).</summary>
    InProgress,

    /// <summary>Finished with one output image ("completed").</summary>
    Completed,

    /// <summary>Failed ("failed" in /api/jobs, "error" in /api/job/{id}/status).</summary>
    Failed,

    /// <summary>Cancelled through /api/queue or interrupted through /api/interrupt ("cancelled").</summary>
    Cancelled,
}

/// <summary>Snapshot of an asset.</summary>
public sealed record FakeAsset(
    Guid Id,
    string Name,
    string AssetHash,
    string Sha256,
    long Size,
    string? MimeType,
    IReadOnlyList<string> Tags,
    string UserMetadataJson,
    Guid? PreviewId,
    Guid? PromptId,
    bool IsImmutable,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastAccessTime,
    bool ContentRetained,
    string? StoredFileName);

/// <summary>Snapshot of a job created by POST /api/prompt.</summary>
public sealed record FakeJob(
    Guid Id,
    FakeJobStatus Status,
    string PromptJson,
    string ExtraDataJson,
    string? WorkflowId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ErrorMessage,
    IReadOnlyList<string> OutputFiles);

/// <summary>Snapshot of a user data file.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the content; null for synthetic files.</param>
/// <param name="ContentRetained">False when the upload was larger than <see cref="FakeCloudState.MaxRetainedBytes"/> (only size and hash kept).</param>
public sealed record FakeUserdataFile(string Path, long Size, DateTimeOffset Modified, string? Sha256, bool ContentRetained, bool IsSynthetic);

/// <summary>Snapshot of a file GET /api/view can serve (uploads, job outputs, asset content, synthetic files).</summary>
public sealed record FakeStoredFile(string Name, long Size, string ContentType, string Type, string? AssetHash, bool ContentRetained, bool IsSynthetic);
