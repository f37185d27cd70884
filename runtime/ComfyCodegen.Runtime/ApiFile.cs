using System;
using System.IO;

namespace ComfyCodegen.Runtime;

/// <summary>
/// A file to upload as one part of a multipart/form-data body: a stream read as it is sent (never buffered), its
/// file name and its media type.
/// </summary>
public sealed class ApiFile
{
    /// <summary>Creates the file part.</summary>
    /// <param name="content">The bytes to send; read once, from its current position. The caller keeps ownership.</param>
    /// <param name="fileName">The file name the server sees.</param>
    /// <param name="contentType">The media type; application/octet-stream when null.</param>
    public ApiFile(Stream content, string fileName, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (!content.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(content));
        }

        Content = content;
        FileName = fileName;
        ContentType = contentType;
    }

    /// <summary>The bytes to send.</summary>
    public Stream Content { get; }

    /// <summary>The file name.</summary>
    public string FileName { get; }

    /// <summary>The media type, or null for application/octet-stream.</summary>
    public string? ContentType { get; }

    /// <inheritdoc />
    public override string ToString() => $"ApiFile {{ FileName = {FileName}, ContentType = {ContentType ?? "application/octet-stream"} }}";
}
