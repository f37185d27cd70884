using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime;

/// <summary>Request bodies for each content type a spec can declare.</summary>
public static class ApiContent
{
    /// <summary>A JSON body, serialized once into a replayable buffer.</summary>
    public static HttpContent Json<T>(T value, JsonConverter<T> converter)
    {
        var content = new ByteArrayContent(ApiJson.SerializeToUtf8Bytes(value, converter));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>A raw body streamed from <paramref name="stream"/> (not replayable).</summary>
    public static HttpContent Stream(Stream stream, string contentType)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var content = new StreamContent(stream);
        content.Headers.ContentType = MediaType(contentType);
        return content;
    }

    /// <summary>A text body.</summary>
    public static HttpContent Text(string text, string contentType)
    {
        var content = new StringContent(text);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypeHeaderValue.Parse(contentType).MediaType!) { CharSet = "utf-8" };
        return content;
    }

    /// <summary>An application/x-www-form-urlencoded body.</summary>
    public static HttpContent Form(IEnumerable<KeyValuePair<string, string>> fields) => new FormUrlEncodedContent(fields);

    /// <summary>A Content-Type value: constructed directly for a bare media type (the usual case), parsed when it has parameters.</summary>
    internal static MediaTypeHeaderValue MediaType(string contentType) =>
        contentType.IndexOf(';') < 0 ? new MediaTypeHeaderValue(contentType) : MediaTypeHeaderValue.Parse(contentType);
}

/// <summary>
/// Builds a multipart/form-data body part by part: files stream from their source, optional parts left out when
/// null, arrays as one part per item, objects as JSON parts.
/// </summary>
public sealed class MultipartBuilder
{
    private readonly MultipartFormDataContent _content = new();

    /// <summary>Whether every part can be sent twice (false once a stream part is added).</summary>
    public bool IsReplayable { get; private set; } = true;

    /// <summary>Adds a text part; nothing when <paramref name="value"/> is null.</summary>
    public MultipartBuilder Add(string name, string? value)
    {
        if (value is not null)
        {
            var part = new StringContent(value);
            part.Headers.ContentType = null;
            _content.Add(part, Quote(name));
        }

        return this;
    }

    /// <summary>Adds one text part per item; nothing when <paramref name="values"/> is null.</summary>
    public MultipartBuilder Add<T>(string name, IEnumerable<T>? values, Func<T, string> format)
    {
        if (values is not null)
        {
            foreach (var value in values)
            {
                Add(name, format(value));
            }
        }

        return this;
    }

    /// <summary>Adds a file part streamed from <see cref="ApiFile.Content"/>; nothing when <paramref name="file"/> is null.</summary>
    public MultipartBuilder Add(string name, ApiFile? file)
    {
        if (file is not null)
        {
            var part = new StreamContent(file.Content);
            part.Headers.ContentType = ApiContent.MediaType(file.ContentType ?? "application/octet-stream");
            part.Headers.ContentDisposition = FileDisposition(name, file.FileName);
            _content.Add(part);
            IsReplayable = false;
        }

        return this;
    }

    /// <summary>Adds a JSON part; nothing when <paramref name="value"/> is null.</summary>
    public MultipartBuilder AddJson<T>(string name, T? value, JsonConverter<T> converter)
    {
        if (value is not null)
        {
            _content.Add(ApiContent.Json(value, converter), Quote(name));
        }

        return this;
    }

    /// <summary>The finished body.</summary>
    public HttpContent Build() => _content;

    /// <summary>
    /// form-data; name="…"; filename="…", and filename* (RFC 5987) only for a name beyond ASCII, beside an ASCII
    /// fallback. MultipartFormDataContent.Add(content, name, fileName) would always add filename* from the value as
    /// given, so a quoted name would reach servers that prefer filename* (aiohttp, ComfyUI's server) with its quotes.
    /// </summary>
    private static ContentDispositionHeaderValue FileDisposition(string name, string fileName)
    {
        var disposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name) };
        var ascii = true;
        foreach (var c in fileName)
        {
            ascii &= c < (char)0x80;
        }

        if (ascii)
        {
            disposition.FileName = Quote(fileName);
        }
        else
        {
            var fallback = new StringBuilder(fileName.Length);
            foreach (var c in fileName)
            {
                fallback.Append(c < (char)0x80 ? c : '_');
            }

            disposition.FileName = Quote(fallback.ToString());
            disposition.FileNameStar = fileName;
        }

        return disposition;
    }

    /// <summary>
    /// A quoted form-data parameter as browsers write it (WHATWG's multipart/form-data encoding): a quote, CR and LF
    /// are percent-encoded, since HttpClient's header values refuse backslash escapes inside quotes.
    /// </summary>
    private static string Quote(string value) => "\"" + value.Replace("\"", "%22").Replace("\r", "%0D").Replace("\n", "%0A") + "\"";
}
