using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;

namespace ComfyCodegen.Runtime;

/// <summary>
/// One request as generated code describes it: method, path (parameters escaped as single segments), query
/// (OpenAPI style "form"), headers and body. <see cref="ApiClientCore"/> turns it into an HttpRequestMessage.
/// </summary>
public sealed class ApiRequest
{
    private static readonly KeyValuePair<string, string>[] NoHeaders = Array.Empty<KeyValuePair<string, string>>();

    // The path without its leading '/' (the base address supplies it), the query once there is one, the headers once
    // there are any: a typical call allocates one builder and one string for its address.
    private readonly StringBuilder _path;
    private StringBuilder? _query;
    private List<KeyValuePair<string, string>>? _headers;

    /// <summary>Starts a request for <paramref name="method"/> (an HTTP verb in capitals) and the literal start of its path.</summary>
    public ApiRequest(string method, string pathStart)
    {
        Method = method;
        var start = pathStart.StartsWith("/", StringComparison.Ordinal) ? 1 : 0;
        _path = new StringBuilder(pathStart, start, pathStart.Length - start, pathStart.Length + 40);
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path template as the spec writes it, for messages (it never contains argument values).</summary>
    public string? PathTemplate { get; init; }

    /// <summary>The request body, if any.</summary>
    public HttpContent? Content { get; private set; }

    /// <summary>Whether <see cref="Content"/> can be sent again (on a redirect that keeps the body, or a retry).</summary>
    public bool ContentIsReplayable { get; private set; } = true;

    /// <summary>The path and query built so far, relative to the base address (no leading slash).</summary>
    public string RelativeUri => _query is null ? _path.ToString() : string.Concat(_path.ToString(), "?", _query.ToString());

    /// <summary>Header names and values to send.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => (IReadOnlyList<KeyValuePair<string, string>>?)_headers ?? NoHeaders;

    /// <summary>Appends literal path text from the spec's template.</summary>
    public ApiRequest AppendPath(string literal)
    {
        _path.Append(literal);
        return this;
    }

    /// <summary>
    /// Appends a path parameter as exactly one segment: '/', '?', '#', '%' and everything else outside the
    /// unreserved set are percent-encoded, and the dot-segments "." and ".." are refused, so no value can change
    /// the path or add a query.
    /// </summary>
    public ApiRequest AppendPathParameter(string name, string value)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException($"Path parameter '{name}' cannot be empty.", name);
        }

        // "." and ".." are dot-segments: every URI stack (System.Uri, servers) resolves them, encoded or not,
        // so such a value would climb the path. No API can mean them as a name; refuse them.
        if (value is "." or "..")
        {
            throw new ArgumentException($"Path parameter '{name}' cannot be \"{value}\": it would change the path.", name);
        }

        var escaped = Uri.EscapeDataString(value);
        _path.Append(escaped);
        return this;
    }

    /// <summary>Adds name=value to the query string, both percent-encoded; nothing when <paramref name="value"/> is null.</summary>
    public ApiRequest AddQuery(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        var query = StartQueryPair();
        query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    /// <summary>
    /// Adds an array in OpenAPI style "form": exploded as name=a&amp;name=b, or not exploded as name=a,b (each item
    /// encoded, the commas literal). Nothing is added when <paramref name="values"/> is null.
    /// </summary>
    public ApiRequest AddQuery<T>(string name, IEnumerable<T>? values, bool explode, Func<T, string> format)
    {
        if (values is null)
        {
            return this;
        }

        if (explode)
        {
            foreach (var value in values)
            {
                AddQuery(name, format(value));
            }

            return this;
        }

        var joined = new StringBuilder();
        foreach (var value in values)
        {
            if (joined.Length > 0)
            {
                joined.Append(',');
            }

            joined.Append(Uri.EscapeDataString(format(value)));
        }

        StartQueryPair().Append(Uri.EscapeDataString(name)).Append('=').Append(joined);
        return this;
    }

    /// <summary>
    /// Adds a header; nothing when <paramref name="value"/> is null. Control characters other than tab are refused
    /// before any I/O: headers are added without the parser's checks, so CR or LF would split the header and add one
    /// of the value's choosing, and NUL, DEL and the rest are not allowed in a header value.
    /// </summary>
    public ApiRequest AddHeader(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        foreach (var character in value)
        {
            if (char.IsControl(character) && character != '\t')
            {
                throw new ArgumentException($"Header parameter '{name}' contains a control character (CR, LF, NUL, ...), which would corrupt the request.", name);
            }
        }

        (_headers ??= new List<KeyValuePair<string, string>>()).Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    /// <summary>Replaces every value of a header (used for Last-Event-ID when resuming an event stream).</summary>
    public ApiRequest SetHeader(string name, string value)
    {
        _headers?.RemoveAll(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase));
        return AddHeader(name, value);
    }

    /// <summary>Sets the body. <paramref name="replayable"/> is false for streams that can be read only once.</summary>
    public ApiRequest SetContent(HttpContent content, bool replayable)
    {
        Content = content;
        ContentIsReplayable = replayable;
        return this;
    }

    /// <summary>The query builder, with a '&amp;' appended when a pair is already in it.</summary>
    private StringBuilder StartQueryPair()
    {
        if (_query is null)
        {
            return _query = new StringBuilder(64);
        }

        return _query.Append('&');
    }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {PathTemplate ?? "/" + _path}";
}
