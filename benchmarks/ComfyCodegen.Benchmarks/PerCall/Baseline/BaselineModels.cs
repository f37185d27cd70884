using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Benchmarks.PerCall.Baseline;

// The floor: the types a developer would write by hand for these answers, read by System.Text.Json's own source
// generator (no reflection), property names from the snake_case policy.

public sealed record TagInfo(string Name, int Count);

public sealed record ListTagsResponse(IReadOnlyList<TagInfo> Tags, int Total, bool HasMore);

public sealed record CloudAsset(
    Guid Id,
    string Name,
    string? AssetHash,
    long Size,
    string? MimeType,
    IReadOnlyList<string>? Tags,
    Dictionary<string, JsonElement>? UserMetadata,
    Uri? PreviewUrl,
    Guid? PreviewId,
    Guid? PromptId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastAccessTime,
    bool? IsImmutable);

public sealed record ListAssetsResponse(IReadOnlyList<CloudAsset> Assets, int Total, bool HasMore);

public sealed record UserDataResponseFull(string? Path, long? Size, DateTimeOffset? Modified);

public sealed record V2Asset(
    string Id,
    string? Hash,
    long SizeBytes,
    string ContentType,
    string? FilePath,
    bool? CreatedNew,
    DateTimeOffset CreatedAt,
    Uri Url,
    DateTimeOffset UrlExpiresAt,
    DateTimeOffset? ExpiresAt,
    string? JobId);

public sealed record V2Progress(double Value, int NodesDone, int NodesTotal, string? CurrentNode, string? CurrentNodeClass, int? Step, int? Steps, string? Message);

public sealed record V2JobError(string Code, string Message, string? NodeId, string? ClassType, string? Traceback);

public sealed record V2Output(
    string NodeId,
    string Name,
    string Type,
    string ContentType,
    long SizeBytes,
    string Id,
    string? Hash,
    Uri Url,
    DateTimeOffset UrlExpiresAt,
    string? JobId);

public sealed record V2JobUrls(string Self, string Events, string Cancel);

public sealed record V2Job(
    string Id,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset ExpiresAt,
    int? QueuePosition,
    V2Progress? Progress,
    IReadOnlyList<V2Output> Outputs,
    V2JobError? Error,
    Dictionary<string, long?>? Metrics,
    V2JobUrls Urls);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ListTagsResponse))]
[JsonSerializable(typeof(ListAssetsResponse))]
[JsonSerializable(typeof(UserDataResponseFull))]
[JsonSerializable(typeof(V2Asset))]
[JsonSerializable(typeof(V2Job))]
public sealed partial class BaselineJsonContext : JsonSerializerContext
{
}
