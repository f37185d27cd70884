using System;
using System.IO;

namespace ComfyCodegen.FakeCloud.Infrastructure;

internal static class MimeTypes
{
    public static string FromName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".mp4" => "video/mp4",
        ".webm" => "video/webm",
        ".mp3" => "audio/mpeg",
        ".wav" => "audio/wav",
        ".flac" => "audio/flac",
        ".json" => "application/json",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };

    /// <summary>The extension of <paramref name="name"/>, or one derived from the media type, or "".</summary>
    public static string ExtensionOf(string name, string? mimeType)
    {
        string ext = Path.GetExtension(name);
        if (ext.Length > 1 && ext.Length <= 10)
        {
            return ext.ToLowerInvariant();
        }

        return mimeType switch
        {
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            "image/webp" => ".webp",
            "video/mp4" => ".mp4",
            _ => string.Empty,
        };
    }

    public static string MediaKind(string contentType) =>
        contentType.StartsWith("video/", StringComparison.Ordinal) ? "video"
        : contentType.StartsWith("audio/", StringComparison.Ordinal) ? "audio"
        : "image";
}
