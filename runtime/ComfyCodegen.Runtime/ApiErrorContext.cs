using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace ComfyCodegen.Runtime;

/// <summary>
/// A non-success response, its body already read, handed to the generated error mapping of an operation, which
/// parses the error schema the spec declares for the status.
/// </summary>
public readonly ref struct ApiErrorContext
{
    private readonly ApiRequest _request;
    private readonly ReadOnlySpan<byte> _body;
    private readonly string? _bodyText;
    private readonly string? _mediaType;

    internal ApiErrorContext(ApiRequest request, int statusCode, string? reasonPhrase, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, ReadOnlySpan<byte> body, string? bodyText, string? mediaType)
    {
        _request = request;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        _body = body;
        _bodyText = bodyText;
        _mediaType = mediaType;
    }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>The response headers.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>
    /// Parses the body with <paramref name="converter"/>: an <see cref="ApiException{TError}"/> when it matches,
    /// a plain <see cref="ApiException"/> (body kept) when it is not JSON or does not match.
    /// </summary>
    public ApiException ReadJson<TError>(JsonConverter<TError> converter)
    {
        if (_body.Length > 0 && (_mediaType is null || _mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                var error = ApiJson.Deserialize(_body, converter);
                if (error is not null)
                {
                    return new ApiException<TError>(ApiException.Describe(_request, StatusCode, ReasonPhrase, _bodyText, null), StatusCode, ReasonPhrase, Headers, _bodyText, error);
                }
            }
            catch (Exception exception) when (ApiJson.IsContentFailure(exception))
            {
                // Not the declared error shape: the plain exception below still carries the body.
            }
        }

        return Plain();
    }

    /// <summary>The exception without a parsed error object.</summary>
    public ApiException Plain() =>
        new(ApiException.Describe(_request, StatusCode, ReasonPhrase, _bodyText, null), StatusCode, ReasonPhrase, Headers, _bodyText);
}
