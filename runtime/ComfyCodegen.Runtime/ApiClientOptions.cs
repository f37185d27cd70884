using System;

namespace ComfyCodegen.Runtime;

/// <summary>
/// Where a generated client sends requests and which credentials it applies. Credentials are sent only to the
/// origin (scheme, host, port) of <see cref="BaseAddress"/>; <see cref="ToString"/> never shows them.
/// </summary>
public sealed class ApiClientOptions
{
    /// <summary>The service root, e.g. https://cloud.comfy.org/. Null means the spec's first server.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The key for the spec's apiKey security schemes (Comfy Cloud: the X-API-Key header).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The token for the spec's bearer (http bearer, OAuth2, OpenID Connect) security schemes.</summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// The largest JSON or text response body read into memory, in bytes (default 64 MiB). A larger body ends the
    /// call with an <see cref="ApiException"/> instead of exhausting memory. Binary downloads are streamed and not limited.
    /// </summary>
    public long MaxResponseContentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many redirects a call follows before failing (default 10).</summary>
    public int MaxRedirects { get; set; } = 10;

    /// <inheritdoc />
    public override string ToString() =>
        $"ApiClientOptions {{ BaseAddress = {BaseAddress?.ToString() ?? "(spec default)"}, ApiKey = {Redacted(ApiKey)}, BearerToken = {Redacted(BearerToken)} }}";

    private static string Redacted(string? secret) => secret is null ? "(none)" : "***";
}
