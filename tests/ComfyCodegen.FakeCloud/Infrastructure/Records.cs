using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.FakeCloud.Infrastructure;

/// <summary>Stored content: hashes and size always; bytes only when small enough (or generated on demand).</summary>
internal sealed class Blob
{
    public Blob(long size, string? blake3Hex, string? sha256Hex, byte[]? data, bool synthetic)
    {
        Size = size;
        Blake3Hex = blake3Hex;
        Sha256Hex = sha256Hex;
        Data = data;
        Synthetic = synthetic;
    }

    public long Size { get; }
    public string? Blake3Hex { get; }
    public string? Sha256Hex { get; }
    public byte[]? Data { get; }
    public bool Synthetic { get; }
    public bool CanServe => Data is not null || Synthetic;
    public string? AssetHash => Blake3Hex is null ? null : "blake3:" + Blake3Hex;

    public static Blob FromBytes(byte[] data)
    {
        HashedContent h = ContentHasher.Of(data);
        return new Blob(h.Size, h.Blake3Hex, h.Sha256Hex, data, synthetic: false);
    }

    public static Blob FromHashed(HashedContent h) => new(h.Size, h.Blake3Hex, h.Sha256Hex, h.Data, synthetic: false);

    public static Blob SyntheticOf(long length) => new(length, null, null, null, synthetic: true);

    public Task WriteToAsync(Stream destination, CancellationToken ct)
    {
        if (Data is not null)
        {
            return destination.WriteAsync(Data, ct).AsTask();
        }

        if (Synthetic)
        {
            return Infrastructure.Synthetic.WriteAsync(destination, Size, ct);
        }

        throw new InvalidOperationException("content was not retained");
    }
}

internal sealed class AssetRecord
{
    public required Guid Id { get; init; }
    public required long Seq { get; init; }
    public required string Name { get; set; }
    public required Blob Blob { get; init; }
    public string? MimeType { get; set; }
    public List<string> Tags { get; set; } = new();
    public JsonObject UserMetadata { get; set; } = new();
    public Guid? PreviewId { get; set; }
    public Guid? PromptId { get; set; }
    public bool IsImmutable { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public required DateTimeOffset LastAccessTime { get; set; }
    public string? StoredFileName { get; set; }
    public string? SourceUrl { get; set; }

    public FakeAsset Snapshot() => new(
        Id,
        Name,
        Blob.AssetHash ?? string.Empty,
        Blob.Sha256Hex ?? string.Empty,
        Blob.Size,
        MimeType,
        Tags.ToArray(),
        UserMetadata.ToJsonString(),
        PreviewId,
        PromptId,
        IsImmutable,
        CreatedAt,
        UpdatedAt,
        LastAccessTime,
        Blob.CanServe,
        StoredFileName);
}

internal sealed class StoredFile
{
    public StoredFile(string name, Blob blob, string contentType, string type)
    {
        Name = name;
        Blob = blob;
        ContentType = contentType;
        Type = type;
    }

    public string Name { get; }
    public Blob Blob { get; }
    public string ContentType { get; }
    public string Type { get; }

    public FakeStoredFile Snapshot() => new(Name, Blob.Size, ContentType, Type, Blob.AssetHash, Blob.CanServe, Blob.Synthetic);
}

internal sealed class UserdataRecord
{
    public UserdataRecord(string path, Blob blob, DateTimeOffset modified)
    {
        Path = path;
        Blob = blob;
        Modified = modified;
    }

    public string Path { get; }
    public Blob Blob { get; }
    public DateTimeOffset Modified { get; }

    public FakeUserdataFile Snapshot() => new(Path, Blob.Size, Modified, Blob.Sha256Hex, Blob.Data is not null, Blob.Synthetic);
}

internal sealed class JobRecord
{
    public required Guid Id { get; init; }
    public required long Seq { get; init; }
    public required double Number { get; init; }
    public required JsonObject Prompt { get; init; }
    public required JsonObject ExtraData { get; init; }
    public required List<string> OutputsToExecute { get; init; }
    public required string OutputNodeId { get; init; }
    public string? WorkflowId { get; init; }
    public FakeJobStatus Status { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public required DateTimeOffset LastStateUpdate { get; set; }
    public DateTimeOffset? ExecutionStart { get; set; }
    public DateTimeOffset? ExecutionEnd { get; set; }
    public string? AssignedInference { get; set; }
    public string? ErrorMessage { get; set; }
    public List<string> OutputFiles { get; } = new();

    public bool IsFinished => Status is FakeJobStatus.Completed or FakeJobStatus.Failed or FakeJobStatus.Cancelled;

    public FakeJob Snapshot() => new(
        Id,
        Status,
        Prompt.ToJsonString(),
        ExtraData.ToJsonString(),
        WorkflowId,
        CreatedAt,
        UpdatedAt,
        ErrorMessage,
        OutputFiles.ToArray());
}

/// <summary>The layers of one edited mask, grouped by the original image.</summary>
internal sealed class MaskGroup
{
    public MaskGroup(string originalHash) => OriginalHash = originalHash;

    public string OriginalHash { get; }

    /// <summary>layer ("mask", "paint", "painted", "painted_masked") → stored file name.</summary>
    public Dictionary<string, string> Layers { get; } = new(StringComparer.Ordinal);
}

internal sealed class Fault
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public int Status { get; init; }
    public int? RetryAfterSeconds { get; init; }
    public TimeSpan Delay { get; init; }
    public int Remaining { get; set; }
}

internal sealed class DownloadTask
{
    public required Guid TaskId { get; init; }
    public required string SourceUrl { get; init; }
    public required Guid AssetId { get; init; }
}
