using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace ComfyCodegen.Runtime;

/// <summary>
/// The server answered with a status the call does not treat as success, or with a body that does not match the
/// spec. Carries the status, the response headers and the body text (up to a limit); <see cref="Error"/> holds the
/// parsed error object where the spec declares one for that status.
/// </summary>
public class ApiException : Exception
{
    /// <summary>How much of the body the message quotes.</summary>
    private const int MessageBodyLength = 512;

    /// <summary>Creates the exception.</summary>
    public ApiException(string message, int statusCode, string? reasonPhrase, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string? body, Exception? innerException = null)
        : this(message, statusCode, reasonPhrase, headers, body, null, innerException)
    {
    }

    /// <summary>Creates the exception with a parsed error object.</summary>
    protected ApiException(string message, int statusCode, string? reasonPhrase, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string? body, object? error, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Body = body;
        Error = error;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase the server sent, if any.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>Response and content headers, by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The response body as text (cut at the client's limit; credentials the client holds shown as ***), or null when there was none.</summary>
    public string? Body { get; }

    /// <summary>The parsed error object, when the spec declares an error schema for this status and the body matched it.</summary>
    public object? Error { get; }

    internal static string Describe(ApiRequest request, int statusCode, string? reasonPhrase, string? body, string? problem)
    {
        var text = $"{request} answered {statusCode}{(string.IsNullOrEmpty(reasonPhrase) ? string.Empty : " (" + reasonPhrase + ")")}";
        if (problem is not null)
        {
            text += ": " + problem.TrimEnd('.');
        }

        if (!string.IsNullOrEmpty(body))
        {
            text += $". Body: {(body!.Length > MessageBodyLength ? body.Substring(0, MessageBodyLength) + "…" : body)}";
        }

        return text;
    }

    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> CopyHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            headers[header.Key] = header.Value.ToArray();
        }

        foreach (var header in response.Content.Headers)
        {
            headers[header.Key] = header.Value.ToArray();
        }

        return headers;
    }
}

/// <summary>An <see cref="ApiException"/> whose body parsed as the error schema the spec declares for the status.</summary>
/// <typeparam name="TError">The error schema's generated type (Comfy Cloud: ErrorResponse).</typeparam>
public sealed class ApiException<TError> : ApiException
{
    /// <summary>Creates the exception.</summary>
    public ApiException(string message, int statusCode, string? reasonPhrase, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string? body, TError error)
        : base(message, statusCode, reasonPhrase, headers, body, error, null)
    {
    }

    /// <summary>The parsed error object.</summary>
    public new TError Error => (TError)base.Error!;
}
