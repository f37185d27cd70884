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
/// host), and turns responses into values or <see cref="ApiException"/>s. A request that carries credentials,
/// header parameters or a body that cannot be replayed never goes through a handler known to follow redirects
/// itself (that handler would send them on to whatever the Location names): such requests go through a handler of
/// the core's own instead.
/// </summary>
public sealed partial class ApiClientCore : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly ApiClientOptions _options;
    private readonly BodyDeadline.Pool _deadlines = new();
    private HttpClient? _nonRedirecting;

    /// <summary>
    /// Creates the core. With a null <paramref name="httpClient"/> it creates (and later disposes) its own, with
    /// automatic redirects off; a caller's HttpClient is never disposed.
    /// </summary>
    /// <exception cref="ArgumentException">No absolute base address, or a credential with a control character.</exception>
    /// <param name="httpClient">The caller's HttpClient, or null.</param>
    /// <param name="options">Base address and credentials; null for defaults.</param>
    /// <param name="defaultBaseAddress">The spec's first server, used when neither the options nor the HttpClient set one.</param>
    public ApiClientCore(HttpClient? httpClient, ApiClientOptions? options, string? defaultBaseAddress)
    {
        _options = options ?? new ApiClientOptions();
        _ownsHttpClient = httpClient is null;
        CredentialRules.Validate(_options);
        if (_options.ResponseBodyTimeout <= TimeSpan.Zero && _options.ResponseBodyTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("ApiClientOptions.ResponseBodyTimeout must be positive, or Timeout.InfiniteTimeSpan.", nameof(options));
        }

        _httpClient = httpClient ?? CreateNonRedirectingClient();

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
            var message = CreateMessage(request, method, uri, content, auth, out var sensitive);
            var client = ClientFor(sensitive);
            var sentUri = message.RequestUri;

            // HttpClient.Timeout stops timing once headers arrive (ResponseHeadersRead); ReadBodyAsync times the body from here.
            message.SendStarted = Stopwatch.GetTimestamp();
            var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (sensitive && response.RequestMessage?.RequestUri is { } answeredUri && answeredUri != sentUri)
            {
                // A handler of the caller's own followed a redirect itself (any change counts: a hop through another
                // origin may have ended back on this one). What it sent cannot be unsent; what can be done is not to
                // hand over what came back. Compared by value: a handler may answer with a copy of the message (hedging).
                using (response)
                {
                    throw HandlerRedirected(request, response, answeredUri);
                }
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is null)
            {
                return response;
            }

            if (redirects >= _options.MaxRedirects)
            {
                throw await CreateExceptionAsync(request, response, null, $"more than {_options.MaxRedirects} redirects", cancellationToken).ConfigureAwait(false);
            }

            // As browsers (Fetch) and .NET do: 303 continues as GET (HEAD stays HEAD), 301 and 302 after POST continue
            // as GET, both without the body; everything else (307, 308, and 301/302 after PUT, PATCH, DELETE, ...)
            // keeps method and body. A kept body that cannot be replayed is never sent twice.
            var status = (int)response.StatusCode;
            var becomesGet = status == 303 ? method != HttpMethod.Get && method != HttpMethod.Head : status is 301 or 302 && method == HttpMethod.Post;
            if (!becomesGet && content is not null && !request.ContentIsReplayable)
            {
                throw await CreateExceptionAsync(
                    request,
                    response,
                    null,
                    $"the server redirected the {method} ({status}) and it would have to send the body again, but the body is a stream that cannot be sent twice; send it to the address the server names, or as a replayable body",
                    cancellationToken).ConfigureAwait(false);
            }

            var location = response.Headers.Location;
            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (becomesGet)
            {
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
            return new ApiFileResponse(response, IdleTimeoutStream.Wrap(stream, _options.ResponseBodyTimeout));
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

        _nonRedirecting?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"ApiClientCore {{ BaseAddress = {BaseAddress} }}";

    /// <summary>
    /// Builds one hop's message. Credentials and header parameters go only to the base address's origin: header
    /// parameters may name a tenant, a session or a signature as much as a credential does, so unlike a browser the
    /// client does not carry them to another origin (Accept and Accept-Language describe no one and go along).
    /// <paramref name="sensitive"/> says whether the message carries anything a handler must not redirect on its own:
    /// credentials, header parameters, or a body that cannot be sent twice.
    /// </summary>
    private ApiRequestMessage CreateMessage(ApiRequest request, HttpMethod method, Uri uri, HttpContent? content, ApiAuthScheme[] auth, out bool sensitive)
    {
        var sameOrigin = IsSameOrigin(uri, BaseAddress);
        var credentialed = false;
        if (sameOrigin)
        {
            uri = ApplyQueryAuth(uri, auth, ref credentialed);
        }

        var message = new ApiRequestMessage(method, uri) { Content = content, ContentIsReplayable = content is null || request.ContentIsReplayable };

        var headers = request.Headers;
        var headerParameters = false;
        for (var i = 0; i < headers.Count; i++)
        {
            var descriptive = IsDescriptive(headers[i].Key);
            if (sameOrigin || descriptive)
            {
                message.Headers.TryAddWithoutValidation(headers[i].Key, headers[i].Value);
                headerParameters |= !descriptive;
            }
        }

        if (sameOrigin)
        {
            credentialed |= ApplyHeaderAuth(message, auth);
        }

        sensitive = credentialed || headerParameters || !message.ContentIsReplayable;
        return message;
    }

    /// <summary>Headers that say what the caller can read and nothing about who it is: they may follow a redirect anywhere.</summary>
    private static bool IsDescriptive(string header) =>
        header.Equals("Accept", StringComparison.OrdinalIgnoreCase) || header.Equals("Accept-Language", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The HttpClient for a message: the caller's, unless the message is sensitive and the caller's handler follows
    /// redirects itself (or cannot be seen), in which case the core's own, which does not.
    /// </summary>
    private HttpClient ClientFor(bool sensitive)
    {
        if (!sensitive || _ownsHttpClient || HttpClientRedirects.Of(_httpClient) != RedirectFollowing.On)
        {
            return _httpClient;
        }

        if (Volatile.Read(ref _nonRedirecting) is { } existing)
        {
            return existing;
        }

        var created = CreateNonRedirectingClient();
        created.Timeout = _httpClient.Timeout;
        created.DefaultRequestVersion = _httpClient.DefaultRequestVersion;
        created.DefaultVersionPolicy = _httpClient.DefaultVersionPolicy;
        foreach (var header in _httpClient.DefaultRequestHeaders)
        {
            created.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (Interlocked.CompareExchange(ref _nonRedirecting, created, null) is { } raced)
        {
            created.Dispose();
            return raced;
        }

        return created;
    }

    private static HttpClient CreateNonRedirectingClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All });

    private static ApiException HandlerRedirected(ApiRequest request, HttpResponseMessage response, Uri? target)
    {
        var where = target is { IsAbsoluteUri: true } ? target.GetLeftPart(UriPartial.Authority) : "another address";
        return new ApiException(
            ApiException.Describe(
                request,
                (int)response.StatusCode,
                response.ReasonPhrase,
                null,
                $"the HttpClient's handler followed a redirect to {where} by itself, so the request it sent there may have carried this client's credentials or header parameters; the response is not used. "
                + "Give the client an HttpClient whose handler has AllowAutoRedirect = false (the client follows redirects itself, keeping credentials on their origin), or none"),
            (int)response.StatusCode,
            response.ReasonPhrase,
            ApiException.CopyHeaders(response),
            null);
    }

    private bool ApplyHeaderAuth(HttpRequestMessage message, ApiAuthScheme[] auth)
    {
        var applied = false;
        foreach (var scheme in auth)
        {
            var credential = CredentialFor(scheme);
            if (credential is not { Length: > 0 })
            {
                continue;
            }

            applied |= scheme.Kind is ApiAuthKind.ApiKeyHeader or ApiAuthKind.Bearer or ApiAuthKind.ApiKeyCookie or ApiAuthKind.Basic;

            switch (scheme.Kind)
            {
                case ApiAuthKind.ApiKeyHeader:
                    message.Headers.Remove(scheme.ParameterName!);
                    message.Headers.TryAddWithoutValidation(scheme.ParameterName!, credential);
                    break;
                case ApiAuthKind.Bearer:
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
                    break;
                case ApiAuthKind.Basic:
                    message.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicToken(credential));
                    break;
                case ApiAuthKind.ApiKeyCookie:
                    message.Headers.TryAddWithoutValidation("Cookie", scheme.ParameterName + "=" + Uri.EscapeDataString(credential));
                    break;
            }
        }

        return applied;
    }

    private Uri ApplyQueryAuth(Uri uri, ApiAuthScheme[] auth, ref bool applied)
    {
        foreach (var scheme in auth)
        {
            if (scheme.Kind == ApiAuthKind.ApiKeyQuery && CredentialFor(scheme) is { Length: > 0 } key)
            {
                applied = true;
                var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
                uri = new Uri(uri.AbsoluteUri + separator + Uri.EscapeDataString(scheme.ParameterName!) + "=" + Uri.EscapeDataString(key));
            }
        }

        return uri;
    }

    /// <summary>The credential for <paramref name="scheme"/>, checked again here: options can change after construction.</summary>
    private string? CredentialFor(ApiAuthScheme scheme)
    {
        if (_options.Credentials.TryGetValue(scheme.SchemeName, out var specific))
        {
            CredentialRules.Check(specific, "Credentials[\"" + scheme.SchemeName + "\"]");
            return specific;
        }

        var (credential, setting) = scheme.Kind switch
        {
            ApiAuthKind.ApiKeyHeader or ApiAuthKind.ApiKeyQuery => (_options.ApiKey, "ApiKey"),
            ApiAuthKind.Bearer => (_options.BearerToken, "BearerToken"),
            ApiAuthKind.Basic => (BasicPair(), "Username"),
            _ => (null, null),
        };
        CredentialRules.Check(credential, setting!);
        return credential;
    }

    /// <summary>"user:password" from Username and Password (checked: no ':' in the user name), or null when neither is set.</summary>
    private string? BasicPair()
    {
        if (_options.Username is null && _options.Password is null)
        {
            return null;
        }

        CredentialRules.Check(_options.Password, "Password");
        if (_options.Username?.Contains(':') == true)
        {
            throw new ArgumentException(CredentialRules.UsernameWithColon, "options");
        }

        return _options.Username + ":" + _options.Password;
    }

    private string? BasicPairOrNull() =>
        _options.Username is null && _options.Password is null ? null : _options.Username + ":" + _options.Password;

    private static string BasicToken(string pair) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pair));

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
    /// Reads the whole body into a pooled buffer, failing once it exceeds the configured limit, within what is left
    /// of HttpClient.Timeout, and when a read gets nothing for <see cref="ApiClientOptions.ResponseBodyTimeout"/>.
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
        // mid-body would hang the call forever. The body gets what is left of the timeout since the send began, and
        // each read at most ResponseBodyTimeout (the only limit when HttpClient.Timeout is infinite, as under DI).
        // Not a using declaration: BeforeRead moves the deadline's timer, which a read-only copy would not.
        var deadline = StartBodyDeadline(response, cancellationToken);
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
            deadline.BeforeRead();
            using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            while (true)
            {
                if (length == capacity)
                {
                    // One more byte tells the end of the body from more of it, before anything larger is rented.
                    var probe = new byte[1];
                    deadline.BeforeRead();
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

                deadline.BeforeRead();
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
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException && deadline.IdleFired && !cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(
                ApiException.Describe(request, (int)response.StatusCode, response.ReasonPhrase, null, $"the response body sent nothing for {_options.ResponseBodyTimeout.TotalSeconds:0.###} s (ApiClientOptions.ResponseBodyTimeout)"),
                (int)response.StatusCode,
                response.ReasonPhrase,
                ApiException.CopyHeaders(response),
                null,
                new TimeoutException("The response body stalled.", exception));
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
            deadline.Dispose();
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

    /// <summary>
    /// The body's deadline: HttpClient.Timeout counted from when the response's request was sent, and the idle
    /// timeout per read; none when neither is set.
    /// </summary>
    private BodyDeadline StartBodyDeadline(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var timeout = _httpClient.Timeout;
        var idle = _options.ResponseBodyTimeout;
        if (timeout == Timeout.InfiniteTimeSpan && idle == Timeout.InfiniteTimeSpan)
        {
            return default;
        }

        var remaining = Timeout.InfiniteTimeSpan;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var elapsed = response.RequestMessage is ApiRequestMessage { SendStarted: > 0 } sent ? Stopwatch.GetElapsedTime(sent.SendStarted) : TimeSpan.Zero;
            remaining = elapsed < timeout ? timeout - elapsed : TimeSpan.Zero;
        }

        return BodyDeadline.Start(_deadlines, remaining, idle, cancellationToken);
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
        yield return _options.Password;
        if (BasicPairOrNull() is { } pair)
        {
            yield return BasicToken(pair);
        }

        foreach (var credential in _options.Credentials.Values)
        {
            yield return credential;
            yield return BasicToken(credential);
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
