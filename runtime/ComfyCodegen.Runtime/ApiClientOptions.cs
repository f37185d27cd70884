using System;
using System.Collections.Generic;

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

    /// <summary>The user name for the spec's http basic schemes; it may not contain ':' (RFC 7617).</summary>
    public string? Username { get; set; }

    /// <summary>The password for the spec's http basic schemes, sent with <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Credentials by security scheme name (as the spec names them, e.g. "CookieAuth"). A value here wins over
    /// <see cref="ApiKey"/> and <see cref="BearerToken"/> for that scheme; cookie schemes are set only here;
    /// a basic scheme's value is "user:password" (the user name is everything before the first ':').
    /// </summary>
    public IDictionary<string, string> Credentials { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The largest JSON or text response body read into memory, in bytes (default 64 MiB). A larger body ends the
    /// call with an <see cref="ApiException"/> instead of exhausting memory. Binary downloads are streamed and not limited.
    /// </summary>
    public long MaxResponseContentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The longest a response body may send nothing before the read fails (default 100 s, the same as
    /// HttpClient.Timeout's default; Timeout.InfiniteTimeSpan turns it off). It is an idle timeout, counted afresh
    /// for every read, so it applies alike to JSON bodies, file downloads and event streams that may last for hours,
    /// and it holds whatever HttpClient.Timeout is (the DI registration's resilience pipeline sets that to infinite).
    /// A stalled JSON or text body ends the call with an <see cref="ApiException"/>; a stalled download's stream
    /// throws an IOException; a stalled event stream counts as a dropped connection and is resumed.
    /// </summary>
    public TimeSpan ResponseBodyTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How many redirects a call follows before failing (default 10).</summary>
    public int MaxRedirects { get; set; } = 10;

    /// <summary>How many times in a row a dropped event stream is resumed before the call fails (default 3).</summary>
    public int EventStreamReconnectAttempts { get; set; } = 3;

    /// <summary>The delay before resuming a dropped event stream when the server gave no retry (default 1 s).</summary>
    public TimeSpan EventStreamReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Why these credentials cannot be sent — a control character or white space at either end of a secret, a user
    /// name with ':' — or null when they can. The text names the setting, never its value. Clients check this when
    /// they are built and on every call; an options validator (the DI registration's) can check it at start-up.
    /// </summary>
    /// <returns>The problem, or null.</returns>
    public string? FindCredentialProblem() => CredentialRules.Problem(this);

    /// <inheritdoc />
    public override string ToString() =>
        $"ApiClientOptions {{ BaseAddress = {BaseAddress?.ToString() ?? "(spec default)"}, ApiKey = {Redacted(ApiKey)}, BearerToken = {Redacted(BearerToken)}, Username = {Redacted(Username)}, Password = {Redacted(Password)}, Credentials = [{string.Join(", ", Credentials.Keys)}] }}";

    private static string Redacted(string? secret) => secret is null ? "(none)" : "***";
}
