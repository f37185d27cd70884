using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ComfyCodegen.FakeCloud.Infrastructure;

internal sealed record UploadedFile(string FieldName, string FileName, string? ContentType, HashedContent Content, byte[] Head);

/// <summary>
/// Streaming multipart/form-data reader. File parts (those with a filename, or named in <c>fileFields</c>) are hashed
/// and counted as they arrive — never buffered beyond the retain limit; other parts are read as UTF-8 text (≤ 1 MiB).
/// No overall body length limit applies.
/// </summary>
internal sealed class MultipartForm
{
    private const int MaxFieldBytes = 1 << 20;

    public Dictionary<string, List<string>> Fields { get; } = new(StringComparer.Ordinal);
    public List<UploadedFile> Files { get; } = new();

    public string? Field(string name) => Fields.TryGetValue(name, out List<string>? v) && v.Count > 0 ? v[0] : null;

    public UploadedFile? File(string fieldName) => Files.Find(f => f.FieldName == fieldName);

    public static bool IsMultipart(string? contentType) =>
        contentType is not null && contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    public static async Task<MultipartForm> ReadAsync(Call call, long retainLimit, params string[] fileFields)
    {
        string? contentType = call.Request.ContentType;
        if (!IsMultipart(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media))
        {
            throw new ApiException(415, "unsupported_media_type", "expected multipart/form-data");
        }

        string boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value ?? string.Empty;
        if (boundary.Length == 0)
        {
            throw ApiException.BadRequest("multipart/form-data without a boundary");
        }

        var form = new MultipartForm();
        var reader = new MultipartReader(boundary, call.Request.Body) { BodyLengthLimit = null };
        byte[] buffer = new byte[81920];
        try
        {
            while (await reader.ReadNextSectionAsync(call.Http.RequestAborted).ConfigureAwait(false) is MultipartSection section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? cd)
                    || !cd.IsFormDisposition() && !cd.IsFileDisposition())
                {
                    throw ApiException.BadRequest("multipart section without a form-data Content-Disposition");
                }

                string name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? string.Empty;
                string? fileName = HeaderUtilities.RemoveQuotes(cd.FileNameStar).Value;
                if (string.IsNullOrEmpty(fileName))
                {
                    fileName = HeaderUtilities.RemoveQuotes(cd.FileName).Value;
                }

                if (!string.IsNullOrEmpty(fileName) || Array.IndexOf(fileFields, name) >= 0)
                {
                    using var hasher = new ContentHasher(retainLimit);
                    byte[] head = new byte[32];
                    int headLen = 0;
                    int n;
                    while ((n = await section.Body.ReadAsync(buffer, call.Http.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        if (headLen < head.Length)
                        {
                            int take = Math.Min(head.Length - headLen, n);
                            buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLen));
                            headLen += take;
                        }

                        hasher.Append(buffer.AsSpan(0, n));
                    }

                    form.Files.Add(new UploadedFile(name, string.IsNullOrEmpty(fileName) ? name : fileName, section.ContentType, hasher.Finish(), head[..headLen]));
                }
                else
                {
                    using var text = new MemoryStream();
                    int n;
                    while ((n = await section.Body.ReadAsync(buffer, call.Http.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        text.Write(buffer, 0, n);
                        if (text.Length > MaxFieldBytes)
                        {
                            throw ApiException.BadRequest($"form field '{name}' is larger than {MaxFieldBytes} bytes");
                        }
                    }

                    if (!form.Fields.TryGetValue(name, out List<string>? values))
                    {
                        form.Fields[name] = values = new List<string>();
                    }

                    values.Add(Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw ApiException.BadRequest("malformed multipart body: " + ex.Message);
        }
        catch (IOException ex) when (ex is not ConnectionResetException and not Microsoft.AspNetCore.Http.BadHttpRequestException && !call.Http.RequestAborted.IsCancellationRequested)
        {
            throw ApiException.BadRequest("malformed multipart body: " + ex.Message);
        }

        return form;
    }
}
