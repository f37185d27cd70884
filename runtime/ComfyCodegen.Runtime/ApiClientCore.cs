using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.Runtime;

/// <summary>Maps a non-success response to the exception the spec describes for its status (null: a plain one).</summary>
public delegate ApiException? ApiErrorMapper(in ApiErrorContext context);

/// <summary>
/// What every generated client delegates to: sends <see cref="ApiRequest"/>s over the caller's HttpClient, applies
/// credentials only to the base address's origin, follows redirects itself (so a key never reaches another
/// host), and turns responses into values or <see cref="ApiException"/>s.
/// </summary>
public sealed partial class ApiClientCore : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly ApiClientOptions _options;
    private readonly BodyDeadline.Pool _deadlines = new();

    /// <summary>
    /// Creates the core. With a null <paramref name="httpClient"/> it creates (and later disposes) its own, with
    /// automatic redirects off; a caller's HttpClient is never disposed.
    /// </summary>
    /// <param name="httpClient">The caller's HttpClient, or null.</param>
    /// <param name="options">Base address and credentials; null for defaults.</param>
    /// <param name="defaultBaseAddress">The spec's first server, used when neither the options nor the HttpClient set one.</param>
    public ApiClientCore(HttpClient? httpClient, ApiClientOptions? options, string? defaultBaseAddress)
    {
        _options = options ?? new ApiClientOptions();
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All });

        var baseAddress = _options.BaseAddress
            ?? _httpClient.BaseAddress
            ?? (defaultBaseAddress is null ? null : new Uri(defaultBaseAddress, UriKind.Absolute));
        if (baseAddress is null || !baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("No absolute base address: set ApiClientOptions.BaseAddress or HttpClient.BaseAddress.", nameof(options));
        }

        // A base without a trailing slash would lose its last segment when paths are combined with it.
        BaseAddress = baseAddress.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    /// <summary>
    /// Whether <paramref name="request"/> can be sent again as it is: true without a body, or when this client built
    /// it and its body is replayable (not a caller's stream). Retry handlers ask this before resending.
    /// </summary>
    public static bool CanResend(HttpRequestMessage request) =>
        request.Content is null || request is ApiRequestMessage { ContentIsReplayable: true };

    /// <summary>The address requests are relative to; credentials go to its origin only.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The options in force.</summary>
    public ApiClientOptions Options => _options;

    /// <summary>
    /// Sends <paramref name="request"/> and returns the response once its headers arrive; the caller disposes it.
    /// Redirects are followed here: credentials are sent again only when the target has the base address's origin,
    /// and a body that cannot be replayed is never sent twice.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(ApiRequest request, ApiAuthScheme[] auth, CancellationToken cancellationToken) =>
        SendCoreAsync(request, auth, cancellationToken).AsTask();

    // The helpers below return ValueTask: when the handler answers synchronously (a cache, a test double) a call
    // allocates no Task per layer; over a network each layer that waits costs what a Task would.
    private async ValueTask<HttpResponseMessage> SendCoreAsync(ApiRequest request, ApiAuthScheme[] auth, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseAddress, request.RelativeUri);
        var method = MethodOf(request.Method);
        var content = request.Content;
        for (var redirects = 0; ; redirects++)
        {
            var message = CreateMessage(request, method, uri, content, auth);

            // HttpClient.Timeout stops timing once headers arrive (ResponseHeadersRead); ReadBodyAsync times the body from here.
            message.SendStarted = Stopwatch.GetTimestamp();
            var response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is null)
            {
                return response;
            }

            if (redirects >= _options.MaxRedirects)
            {
                throw await CreateExceptionAsync(request, response, null, $"more than {_options.MaxRedirects} redirects", cancellationToken).ConfigureAwait(false);
            }

            var status = (int)response.StatusCode;
            var keepsBody = status is 307 or 308;
            if (keepsBody && content is not null && !request.ContentIsReplayable)
            {
                throw await CreateExceptionAsync(request, response, null, "the server redirected a request whose body is a stream that cannot be sent twice", cancellationToken).ConfigureAwait(false);
            }

            var location = response.Headers.Location;
            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (!keepsBody && !(status is 301 or 302 && method != HttpMethod.Post))
            {
                // 303, and 301/302 after POST, continue as GET without the body, as browsers and HttpClient do.
                method = HttpMethod.Get;
                content = null;
            }

            response.Dispose();
        }
    }

    /// <summary>Reads a JSON body with <paramref name="converter"/>; a body that does not match becomes an <see cref="ApiException"/>.</summary>
    public Task<T> ReadJsonAsync<T>(ApiRequest request, HttpResponseMessage response, JsonConverter<T> converter, CancellationToken cancellationToken) =>
        ReadJsonCoreAsync(request, response, converter, cancellationToken).AsTask();

    private async ValueTask<T> ReadJsonCoreAsync<T>(ApiRequest request, HttpResponseMessage response, JsonConverter<T> converter, CancellationToken cancellationToken)
    {
        var (buffer, length) = await ReadBodyAsync(request, response, cancellationToken).ConfigureAwait(false);
        try
        {
            // An HTML page is never the JSON the spec declares (a login page, a captive portal, a proxy's answer),
            // even when its text happens to parse: fail instead of handing the caller whatever it contained.
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && (mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)))
            {
                throw new System.Text.Json.JsonException($"The body is {mediaType}, not JSON.");
            }

            var value = ApiJson.Deserialize(buffer.AsSpan(0, length), converter);
            if (value is null)
            {
                throw new System.Text.Json.JsonException("The body is JSON null where a value was expected.");
            }

            return value;
        }
        catch (Exception exception) when (ApiJson.IsContentFailure(exception))
        {
            var text = Redact(length == 0 ? null : DecodeText(buffer, length));
            throw new ApiException(
                ApiException.Describe(request, (int)response.StatusCode, response.ReasonPhrase, text, "the body does not match the spec: " + exception.Message),
                (int)response.StatusCode,
                response.ReasonPhrase,
                ApiException.CopyHeaders(response),
                text,
                exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a text body, up to <see cref="ApiClientOptions.MaxResponseContentBytes"/>.</summary>
    public async Task<string> ReadTextAsync(ApiRequest request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (buffer, length) = await ReadBodyAsync(request, response, cancellationToken).ConfigureAwait(false);
        try
        {
            var text = DecodeText(buffer, length);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (ResponseMediaType.IsJson(mediaType))
            {
                // A JSON body handed back as text would be its escaped JSON ("\"line\\n\""): report the contradiction.
                var body = Redact(text);
                throw new ApiException(
                    ApiException.Describe(request, (int)response.StatusCode, response.ReasonPhrase, body, $"the spec declares a text body, but the server sent {mediaType}"),
                    (int)response.StatusCode,
                    response.ReasonPhrase,
                    ApiException.CopyHeaders(response),
                    body);
            }

            return text;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Builds the exception for a non-success response, parsing the spec's error schema through <paramref name="errors"/>.</summary>
    public Task<ApiException> CreateExceptionAsync(ApiRequest request, HttpResponseMessage response, ApiErrorMapper? errors, CancellationToken cancellationToken) =>
        CreateExceptionAsync(request, response, errors, null, cancellationToken);

    /// <summary>Sends the request and throws for any non-success status.</summary>
    public Task<HttpResponseMessage> SendAndEnsureSuccessAsync(ApiRequest request, ApiAuthScheme[] auth, ApiErrorMapper? errors, CancellationToken cancellationToken) =>
        SendAndEnsureSuccessCoreAsync(request, auth, errors, cancellationToken).AsTask();

    private async ValueTask<HttpResponseMessage> SendAndEnsureSuccessCoreAsync(ApiRequest request, ApiAuthScheme[] auth, ApiErrorMapper? errors, CancellationToken cancellationToken)
    {
        var response = await SendCoreAsync(request, auth, cancellationToken).ConfigureAwait(false);
        if (IsSuccess(response))
        {
            return response;
        }

        using (response)
        {
            throw await CreateExceptionAsync(request, response, errors, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the request and reads a JSON success body.</summary>
    public async Task<T> SendForJsonAsync<T>(ApiRequest request, ApiAuthScheme[] auth, JsonConverter<T> converter, ApiErrorMapper? errors, CancellationToken cancellationToken)
    {
        using var response = await SendAndEnsureSuccessCoreAsync(request, auth, errors, cancellationToken).ConfigureAwait(false);
        return await ReadJsonCoreAsync(request, response, converter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the request and reads a JSON success body, with the status code that came back.</summary>
    public async Task<ApiResponse<T>> SendForJsonResponseAsync<T>(ApiRequest request, ApiAuthScheme[] auth, JsonConverter<T> converter, ApiErrorMapper? errors, CancellationToken cancellationToken)
    {
        using var response = await SendAndEnsureSuccessCoreAsync(request, auth, errors, cancellationToken).ConfigureAwait(false);
        var value = await ReadJsonCoreAsync(request, response, converter, cancellationToken).ConfigureAwait(false);
        return new ApiResponse<T>((int)response.StatusCode, value, new LazyResponseHeaders(response));
    }

    /// <summary>Sends the request and discards the success body.</summary>
    public async Task SendForNoContentAsync(ApiRequest request, ApiAuthScheme[] auth, ApiErrorMapper? errors, CancellationToken cancellationToken)
    {
        using var response = await SendAndEnsureSuccessCoreAsync(request, auth, errors, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the request and reads a text success body.</summary>
    public async Task<string> SendForTextAsync(ApiRequest request, ApiAuthScheme[] auth, ApiErrorMapper? errors, CancellationToken cancellationToken)
    {
        using var response = await SendAndEnsureSuccessCoreAsync(request, auth, errors, cancellationToken).ConfigureAwait(false);
        return await ReadTextAsync(request, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the request and hands back the success body as a stream read as it arrives.</summary>
    public async Task<ApiFileResponse> SendForFileAsync(ApiRequest request, ApiAuthScheme[] auth, ApiErrorMapper? errors, CancellationToken cancellationToken)
    {
        var response = await SendAndEnsureSuccessCoreAsync(request, auth, errors, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ApiFileResponse(response, stream);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Sends the request: true for 2xx, false for 404, an exception for anything else (HEAD existence checks).</summary>
    public async Task<bool> SendForExistsAsync(ApiRequest request, ApiAuthScheme[] auth, ApiErrorMapper? errors, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(request, auth, cancellationToken).ConfigureAwait(false);
        if (IsSuccess(response))
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        throw await CreateExceptionAsync(request, response, errors, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the status is 2xx.</summary>
    public static bool IsSuccess(HttpResponseMessage response) => (int)response.StatusCode is >= 200 and <= 299;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"ApiClientCore {{ BaseAddress = {BaseAddress} }}";

    private ApiRequestMessage CreateMessage(ApiRequest request, HttpMethod method, Uri uri, HttpContent? content, ApiAuthScheme[] auth)
    {
        var sameOrigin = IsSameOrigin(uri, BaseAddress);
        if (sameOrigin)
        {
            uri = ApplyQueryAuth(uri, auth);
        }

        var message = new ApiRequestMessage(method, uri) { Content = content, ContentIsReplayable = content is null || request.ContentIsReplayable };

        var headers = request.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            message.Headers.TryAddWithoutValidation(headers[i].Key, headers[i].Value);
        }

        if (sameOrigin)
        {
            ApplyHeaderAuth(message, auth);
        }

        return message;
    }

    private void ApplyHeaderAuth(HttpRequestMessage message, ApiAuthScheme[] auth)
    {
        foreach (var scheme in auth)
        {
            var credential = CredentialFor(scheme);
            if (credential is not { Length: > 0 })
            {
                continue;
            }

            switch (scheme.Kind)
            {
                case ApiAuthKind.ApiKeyHeader:
                    message.Headers.Remove(scheme.ParameterName!);
                    message.Headers.TryAddWithoutValidation(scheme.ParameterName!, credential);
                    break;
                case ApiAuthKind.Bearer:
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
                    break;
                case ApiAuthKind.ApiKeyCookie:
                    message.Headers.TryAddWithoutValidation("Cookie", scheme.ParameterName + "=" + Uri.EscapeDataString(credential));
                    break;
            }
        }
    }

    private Uri ApplyQueryAuth(Uri uri, ApiAuthScheme[] auth)
    {
        foreach (var scheme in auth)
        {
            if (scheme.Kind == ApiAuthKind.ApiKeyQuery && CredentialFor(scheme) is { Length: > 0 } key)
            {
                var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
                uri = new Uri(uri.AbsoluteUri + separator + Uri.EscapeDataString(scheme.ParameterName!) + "=" + Uri.EscapeDataString(key));
            }
        }

        return uri;
    }

    private string? CredentialFor(ApiAuthScheme scheme)
    {
        if (_options.Credentials.TryGetValue(scheme.SchemeName, out var specific))
        {
            return specific;
        }

        return scheme.Kind switch
        {
            ApiAuthKind.ApiKeyHeader or ApiAuthKind.ApiKeyQuery => _options.ApiKey,
            ApiAuthKind.Bearer => _options.BearerToken,
            _ => null,
        };
    }

    /// <summary>Same scheme, host and port: the only targets that may see the caller's credentials.</summary>
    public static bool IsSameOrigin(Uri target, Uri origin) =>
        string.Equals(target.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(target.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
        && target.Port == origin.Port;

    /// <summary>The shared HttpMethod instances for the usual verbs (no allocation per call).</summary>
    private static HttpMethod MethodOf(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "DELETE" => HttpMethod.Delete,
        "PATCH" => HttpMethod.Patch,
        "HEAD" => HttpMethod.Head,
        "OPTIONS" => HttpMethod.Options,
        _ => new HttpMethod(method),
    };

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private async Task<ApiException> CreateExceptionAsync(ApiRequest request, HttpResponseMessage response, ApiErrorMapper? errors, string? problem, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var headers = ApiException.CopyHeaders(response);
        byte[]? buffer = null;
        var length = 0;
        try
        {
            try
            {
                (buffer, length) = await ReadBodyAsync(request, response, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException tooLarge)
            {
                return tooLarge;
            }

            var raw = length == 0 ? null : DecodeText(buffer, length);
            var text = Redact(raw);
            if (problem is not null)
            {
                return new ApiException(ApiException.Describe(request, status, response.ReasonPhrase, text, problem), status, response.ReasonPhrase, headers, text);
            }

            // A server that echoes the key ("invalid key sk-…") must not put it into the message, Body or parsed error.
            var body = ReferenceEquals(text, raw) ? buffer.AsSpan(0, length) : Encoding.UTF8.GetBytes(text!).AsSpan();
            var context = new ApiErrorContext(request, status, response.ReasonPhrase, headers, body, text, response.Content.Headers.ContentType?.MediaType);
            return errors?.Invoke(context) ?? context.Plain();
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Reads the whole body into a pooled buffer, failing once it exceeds the configured limit, and within what is
    /// left of HttpClient.Timeout.
    /// </summary>
    private async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(ApiRequest request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = Math.Min(_options.MaxResponseContentBytes, Array.MaxLength);
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
        {
            throw TooLarge(request, response, limit);
        }

        // With ResponseHeadersRead, HttpClient.Timeout no longer runs once headers are in: a server that stalls
        // mid-body would hang the call forever. The body gets what is left of the timeout since the send began.
        using var deadline = StartBodyDeadline(response, cancellationToken);
        var token = deadline.Token(cancellationToken);

        // A body of unknown length is read in chunks that are joined at the end, not into one array grown by doubling:
        // doubling allocates twice the limit (64 MiB + 32 MiB + ...) before a body over the limit is refused.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, Math.Min(Math.Max(declared ?? 16 * 1024, 256), limit)));
        var capacity = (int)Math.Max(0, Math.Min(buffer.Length, limit));
        List<(byte[] Chunk, int Length)>? chunks = null;
        long total = 0;
        var length = 0;
        var done = false;
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            while (true)
            {
                if (length == capacity)
                {
                    // One more byte tells the end of the body from more of it, before anything larger is rented.
                    var probe = new byte[1];
                    if (await stream.ReadAsync(probe, token).ConfigureAwait(false) == 0)
                    {
                        break;
                    }

                    if (total + length >= limit)
                    {
                        throw TooLarge(request, response, limit);
                    }

                    (chunks ??= new List<(byte[], int)>()).Add((buffer, length));
                    total += length;
                    var next = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)capacity * 2, limit - total));
                    buffer = next;
                    capacity = (int)Math.Min(buffer.Length, limit - total);
                    buffer[0] = probe[0];
                    length = 1;
                    continue;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, capacity - length), token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (chunks is not null)
            {
                var joined = ArrayPool<byte>.Shared.Rent((int)(total + length));
                var offset = 0;
                foreach (var (chunk, used) in chunks)
                {
                    chunk.AsSpan(0, used).CopyTo(joined.AsSpan(offset));
                    offset += used;
                }

                buffer.AsSpan(0, length).CopyTo(joined.AsSpan(offset));
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = joined;
                length = (int)(total + length);
                ReturnChunks(chunks);
                chunks = null;
            }

            done = true;
            return (buffer, length);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException && deadline.HasFired && !cancellationToken.IsCancellationRequested)
        {
            // What HttpClient throws for its own timeout.
            var message = $"The request was canceled due to the configured HttpClient.Timeout of {_httpClient.Timeout.TotalSeconds} seconds elapsing.";
            throw new TaskCanceledException(message, new TimeoutException(message, exception));
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested && exception.CancellationToken != cancellationToken)
        {
            // The read was given the linked token: report the caller's, as a read with it would have.
            throw new TaskCanceledException(exception.Message, exception.InnerException, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(
                ApiException.Describe(request, (int)response.StatusCode, response.ReasonPhrase, null, "the response body could not be read: " + exception.Message),
                (int)response.StatusCode,
                response.ReasonPhrase,
                ApiException.CopyHeaders(response),
                null,
                exception);
        }
        finally
        {
            if (!done)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                ReturnChunks(chunks);
            }
        }
    }

    private static void ReturnChunks(List<(byte[] Chunk, int Length)>? chunks)
    {
        if (chunks is not null)
        {
            foreach (var (chunk, _) in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    /// <summary>The body's deadline: HttpClient.Timeout counted from when the response's request was sent; none when there is no timeout.</summary>
    private BodyDeadline StartBodyDeadline(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var timeout = _httpClient.Timeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return default;
        }

        var elapsed = response.RequestMessage is ApiRequestMessage { SendStarted: > 0 } sent ? Stopwatch.GetElapsedTime(sent.SendStarted) : TimeSpan.Zero;
        return BodyDeadline.Start(_deadlines, elapsed < timeout ? timeout - elapsed : TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// Replaces the client's credentials with "***" in response text the client quotes (exception messages and
    /// bodies): servers that echo a key back must not leak it into logs. Values under 8 characters are left alone;
    /// they are not real keys and replacing them would garble messages.
    /// </summary>
    private string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var redacted = text;
        foreach (var secret in Secrets())
        {
            if (secret is { Length: >= 8 } && redacted.Contains(secret, StringComparison.Ordinal))
            {
                redacted = redacted.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return redacted;
    }

    private IEnumerable<string?> Secrets()
    {
        yield return _options.ApiKey;
        yield return _options.BearerToken;
        foreach (var credential in _options.Credentials.Values)
        {
            yield return credential;
        }
    }

    private static ApiException TooLarge(ApiRequest request, HttpResponseMessage response, long limit) =>
        new(
            ApiException.Describe(request, (int)response.StatusCode, response.ReasonPhrase, null, $"the response body is larger than the {limit} bytes allowed (ApiClientOptions.MaxResponseContentBytes)"),
            (int)response.StatusCode,
            response.ReasonPhrase,
            ApiException.CopyHeaders(response),
            null);

    private static string DecodeText(byte[] buffer, int length) => Encoding.UTF8.GetString(buffer, 0, length);
}
