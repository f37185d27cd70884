using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace ComfyCodegen.DependencyInjection;

/// <summary>
/// Registers a generated client on IHttpClientFactory: named options (from the environment variable the spec's
/// MSBuild item names for the API key, if any, then configuration section "Comfy:{name}", then code; a later source
/// overrides an earlier one) validated at start-up, a primary handler that leaves
/// redirects to the client, and the platform's standard resilience pipeline with a retry rule that never resends
/// what cannot or must not be resent. Generated Add{Client} methods call this.
/// </summary>
public static class ApiClientRegistration
{
    /// <summary>
    /// The environment variable the Comfy Cloud spec's MSBuild items in this repository name for the API key
    /// (ApiKeyEnvironmentVariable="COMFY_API_KEY"); no client reads it unless its item names it.
    /// </summary>
    public const string ApiKeyEnvironmentVariable = "COMFY_API_KEY";

    /// <summary>
    /// Registers <typeparamref name="TClient"/> (implemented by <typeparamref name="TImplementation"/>) as a typed
    /// HttpClient, reading no environment variable.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name: its options, HttpClient and configuration section ("Comfy:{name}").</param>
    /// <param name="defaultBaseAddress">The spec's first server, used when nothing else sets one.</param>
    /// <param name="configure">Sets options in code; runs after configuration is read.</param>
    /// <param name="resilience">Adjusts retries and timeouts; null keeps the defaults.</param>
    /// <param name="create">Creates the client over the factory's HttpClient.</param>
    /// <returns>The HttpClient builder, for further handlers.</returns>
    public static IHttpClientBuilder Add<TClient, TImplementation>(
        IServiceCollection services,
        string name,
        string? defaultBaseAddress,
        Action<ApiClientOptions>? configure,
        Action<HttpStandardResilienceOptions>? resilience,
        Func<HttpClient, ApiClientOptions, TImplementation> create)
        where TClient : class
        where TImplementation : class, TClient =>
        Add<TClient, TImplementation>(services, name, defaultBaseAddress, null, configure, resilience, create);

    /// <summary>Registers <typeparamref name="TClient"/> (implemented by <typeparamref name="TImplementation"/>) as a typed HttpClient.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name: its options, HttpClient and configuration section ("Comfy:{name}").</param>
    /// <param name="defaultBaseAddress">The spec's first server, used when nothing else sets one.</param>
    /// <param name="apiKeyEnvironmentVariable">
    /// The environment variable to read the API key from (the spec's MSBuild item names it); null or empty reads none.
    /// Options are filled in this order, a later source overriding an earlier one: this variable (when set and not
    /// empty), configuration section "Comfy:{name}" (ApiKey, BearerToken, BaseAddress), then
    /// <paramref name="configure"/> — so an ApiKey set to null there stays null and no key is sent.
    /// </param>
    /// <param name="configure">Sets options in code; runs after the environment and configuration are read.</param>
    /// <param name="resilience">Adjusts retries and timeouts; null keeps the defaults.</param>
    /// <param name="create">Creates the client over the factory's HttpClient.</param>
    /// <returns>The HttpClient builder, for further handlers.</returns>
    public static IHttpClientBuilder Add<TClient, TImplementation>(
        IServiceCollection services,
        string name,
        string? defaultBaseAddress,
        string? apiKeyEnvironmentVariable,
        Action<ApiClientOptions>? configure,
        Action<HttpStandardResilienceOptions>? resilience,
        Func<HttpClient, ApiClientOptions, TImplementation> create)
        where TClient : class
        where TImplementation : class, TClient
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(create);

        var variable = string.IsNullOrWhiteSpace(apiKeyEnvironmentVariable) ? null : apiKeyEnvironmentVariable;
        // Lowest precedence first, and nothing after the caller's code: a key the code clears stays cleared.
        services.AddOptions<ApiClientOptions>(name)
            .Configure(options => ReadEnvironment(options, variable))
            .Configure<IServiceProvider>((options, provider) => ReadConfiguration(options, provider, name))
            .Configure(options => configure?.Invoke(options))
            .Validate(options => options.BaseAddress is null || options.BaseAddress.IsAbsoluteUri, $"{name}: BaseAddress must be an absolute URI.")
            .Validate(options => options.BaseAddress is not null || defaultBaseAddress is not null && Uri.IsWellFormedUriString(defaultBaseAddress, UriKind.Absolute), $"{name}: set BaseAddress; the spec names no absolute server.")
            .Validate(options => options.MaxResponseContentBytes > 0 && options.MaxRedirects >= 0 && options.EventStreamReconnectAttempts >= 0, $"{name}: limits must not be negative.")
            .Validate(options => options.ResponseBodyTimeout > TimeSpan.Zero || options.ResponseBodyTimeout == System.Threading.Timeout.InfiniteTimeSpan, $"{name}: ResponseBodyTimeout must be positive, or Timeout.InfiniteTimeSpan.")
            .Validate(options => options.FindCredentialProblem() is null, $"{name}: a credential (ApiKey, BearerToken or Credentials) contains a control character (CR, LF, NUL, tab, ...) or white space at its start or end; a secret read from a file often ends with a newline: trim it.")
            .ValidateOnStart();

        var builder = services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The client follows redirects itself, so credentials stay on their origin.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The platform's loggers hand every request header, X-API-Key included, to the logger unredacted: in the
            // structured state always, and in the Trace message too on .NET 8. Any structured sink would store the key.
            // These log the same requests (the logical call and each attempt) without header values or the query.
            .RemoveAllLoggers()
            .AddLogger(provider => new RequestLogger(provider.GetRequiredService<ILoggerFactory>().CreateLogger($"System.Net.Http.HttpClient.{name}.LogicalHandler")), wrapHandlersPipeline: true)
            .AddLogger(provider => new RequestLogger(provider.GetRequiredService<ILoggerFactory>().CreateLogger($"System.Net.Http.HttpClient.{name}.ClientHandler")))
            .AddTypedClient<TClient>((http, provider) => create(http, provider.GetRequiredService<IOptionsMonitor<ApiClientOptions>>().Get(name)));

        builder.AddStandardResilienceHandler(options =>
        {
            // Uploads and event streams outlast the standard 10 s/30 s; the breaker's window must be twice the attempt.
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(100);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(5);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(200);
            options.Retry.ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context));
            resilience?.Invoke(options);
        });

        return builder;
    }

    /// <summary>
    /// Retry only what is safe to send again: never a body that cannot be replayed; 429 and 503 (the server refused
    /// the request) for any replayable request; other transient failures for idempotent methods only.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        var request = context.GetRequestMessage() ?? outcome.Result?.RequestMessage;
        if (request is null || !ApiClientCore.CanResend(request))
        {
            return false;
        }

        var refused = outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
        return refused || IsIdempotent(request.Method);
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
        || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Trace;

    /// <summary>Logs method, address without query, status and time of each request; header names at Trace, never their values.</summary>
    private sealed class RequestLogger(ILogger logger) : IHttpClientLogger
    {
        private static readonly Action<ILogger, HttpMethod, string?, Exception?> Start =
            LoggerMessage.Define<HttpMethod, string?>(LogLevel.Information, new EventId(100, "RequestStart"), "Sending HTTP request {HttpMethod} {Uri}");

        private static readonly Action<ILogger, string, Exception?> Headers =
            LoggerMessage.Define<string>(LogLevel.Trace, new EventId(102, "RequestHeader"), "Request headers (values not logged): {HeaderNames}");

        private static readonly Action<ILogger, HttpMethod, string?, double, int, Exception?> Stop =
            LoggerMessage.Define<HttpMethod, string?, double, int>(LogLevel.Information, new EventId(101, "RequestEnd"), "Received HTTP response {HttpMethod} {Uri} after {ElapsedMilliseconds}ms - {StatusCode}");

        private static readonly Action<ILogger, HttpMethod, string?, double, Exception?> Failed =
            LoggerMessage.Define<HttpMethod, string?, double>(LogLevel.Warning, new EventId(103, "RequestFailed"), "HTTP request {HttpMethod} {Uri} failed after {ElapsedMilliseconds}ms");

        public object? LogRequestStart(HttpRequestMessage request)
        {
            Start(logger, request.Method, Target(request), null);
            if (logger.IsEnabled(LogLevel.Trace))
            {
                Headers(logger, string.Join(", ", request.Headers.Select(header => header.Key)), null);
            }

            return null;
        }

        public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
            Stop(logger, request.Method, Target(request), elapsed.TotalMilliseconds, (int)response.StatusCode, null);

        public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
            Failed(logger, request.Method, Target(request), elapsed.TotalMilliseconds, exception);

        private static string? Target(HttpRequestMessage request) =>
            request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Path) : request.RequestUri?.OriginalString.Split('?')[0];
    }

    /// <summary>The API key from <paramref name="variable"/>, when one is named and set to something.</summary>
    private static void ReadEnvironment(ApiClientOptions options, string? variable)
    {
        if (variable is not null && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } key)
        {
            options.ApiKey = key;
        }
    }

    /// <summary>Reads "Comfy:{name}" without the reflection-based binder, so it stays trimming-safe.</summary>
    private static void ReadConfiguration(ApiClientOptions options, IServiceProvider provider, string name)
    {
        if (provider.GetService(typeof(IConfiguration)) is not IConfiguration configuration)
        {
            return;
        }

        var section = configuration.GetSection("Comfy:" + name);
        if (section["BaseAddress"] is { Length: > 0 } address && Uri.TryCreate(address, UriKind.RelativeOrAbsolute, out var uri))
        {
            options.BaseAddress = uri;
        }

        options.ApiKey = section["ApiKey"] ?? options.ApiKey;
        options.BearerToken = section["BearerToken"] ?? options.BearerToken;
    }
}
