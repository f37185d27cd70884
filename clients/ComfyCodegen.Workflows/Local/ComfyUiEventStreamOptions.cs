using System;
using ComfyCodegen.Runtime;

namespace ComfyCodegen.Workflows.Local;

/// <summary>Where <see cref="ComfyUiEventStream"/> connects, with which credentials, and how it rides out drops.</summary>
public sealed class ComfyUiEventStreamOptions
{
    /// <summary>The server's HTTP address, the same as the HTTP client's (e.g. http://127.0.0.1:8188); /ws is resolved against it, http → ws, https → wss.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Sent as X-API-Key on the WebSocket handshake, which only ever goes to <see cref="BaseAddress"/>'s origin. Local servers need none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Sent as "Authorization: Bearer" on the handshake, to <see cref="BaseAddress"/>'s origin only.</summary>
    public string? BearerToken { get; init; }

    /// <summary>How many times in a row a dropped connection is reopened (same client id) before reading fails (default 5).</summary>
    public int ReconnectAttempts { get; init; } = 5;

    /// <summary>The wait before the first reopening; it doubles per attempt up to <see cref="MaxReconnectDelay"/> (default 250 ms).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between reopenings (default 5 s).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one handshake may take (default 15 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest message kept (default 64 MiB); a larger one (a huge preview) is read to its end and skipped, not held in memory.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// Announce <c>supports_preview_metadata</c> on connect, so previews arrive as type 4 frames carrying their node
    /// and prompt (<see cref="ComfyUiPreviewImageEvent.Metadata"/>) instead of bare type 1 frames (default false).
    /// </summary>
    public bool RequestPreviewMetadata { get; init; }

    /// <summary>Options for the server a generated client talks to: its base address and its ApiKey/BearerToken.</summary>
    /// <exception cref="ArgumentException">The options have no absolute base address.</exception>
    public static ComfyUiEventStreamOptions From(ApiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseAddress is not { IsAbsoluteUri: true } baseAddress)
        {
            throw new ArgumentException("The options need an absolute BaseAddress (the ComfyUI server, e.g. http://127.0.0.1:8188).", nameof(options));
        }

        return new ComfyUiEventStreamOptions { BaseAddress = baseAddress, ApiKey = options.ApiKey, BearerToken = options.BearerToken };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"ComfyUiEventStreamOptions {{ BaseAddress = {BaseAddress}, ApiKey = {(ApiKey is null ? "(none)" : "***")}, BearerToken = {(BearerToken is null ? "(none)" : "***")} }}";
}
