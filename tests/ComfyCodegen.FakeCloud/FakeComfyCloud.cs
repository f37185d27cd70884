using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.FakeCloud.Handlers;
using ComfyCodegen.FakeCloud.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ComfyCodegen.FakeCloud;

/// <summary>
/// A fake Comfy Cloud (specs/openapi-cloud.yaml) running in memory on Kestrel, bound to 127.0.0.1 on random ports:
/// the API on <see cref="BaseAddress"/>, and a "signed URL" host on <see cref="SecondOriginAddress"/> that
/// GET /api/view redirects to. Every request is recorded before anything else happens.
/// </summary>
public sealed class FakeComfyCloud : IAsyncDisposable
{
    private readonly FakeCloudOptions _options;
    private readonly List<RequestRecord> _requests = new();
    private readonly List<RequestRecord> _secondRequests = new();
    private readonly IReadOnlyList<Route> _routes;
    private WebApplication? _app;
    private int _secondPort;
    private int _disposed;

    private FakeComfyCloud(FakeCloudOptions options)
    {
        _options = options;
        State = new FakeCloudState();
        _routes = RouteTable.Build();
        BaseAddress = null!;
        SecondOriginAddress = null!;
    }

    /// <summary>The API origin with a trailing slash, e.g. http://127.0.0.1:54321/.</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>The second listener (another port): the "signed URL" host GET /api/view redirects to.</summary>
    public Uri SecondOriginAddress { get; private set; }

    /// <summary>The key the server accepts in X-API-Key.</summary>
    public string ApiKey => _options.ApiKey;

    /// <summary>Every request to the main origin, in arrival order (a snapshot; bodies of requests in flight may be partial).</summary>
    public IReadOnlyList<RecordedRequest> Requests => Snapshot(_requests);

    /// <summary>Every request to the second origin, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> SecondOriginRequests => Snapshot(_secondRequests);

    /// <summary>The in-memory data; seed and inspect it from tests.</summary>
    public FakeCloudState State { get; }

    /// <summary>Forgets the recorded requests of both origins.</summary>
    public void ClearRequests()
    {
        lock (_requests)
        {
            _requests.Clear();
        }

        lock (_secondRequests)
        {
            _secondRequests.Clear();
        }
    }

    /// <summary>Starts the server on two random loopback ports.</summary>
    public static async Task<FakeComfyCloud> StartAsync(FakeCloudOptions? options = null, CancellationToken ct = default)
    {
        var server = new FakeComfyCloud(options ?? new FakeCloudOptions());
        try
        {
            await server.StartCoreAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    private async Task StartCoreAsync(CancellationToken ct)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeComfyCloud).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        ListenOptions? main = null;
        ListenOptions? second = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0, lo =>
            {
                lo.Protocols = HttpProtocols.Http1;
                main = lo;
            });
            k.Listen(IPAddress.Loopback, 0, lo =>
            {
                lo.Protocols = HttpProtocols.Http1;
                second = lo;
            });
        });

        WebApplication app = builder.Build();
        app.Run(HandleAsync);
        _app = app;
        await app.StartAsync(ct).ConfigureAwait(false);

        int mainPort = (main?.EndPoint as IPEndPoint)?.Port ?? 0;
        _secondPort = (second?.EndPoint as IPEndPoint)?.Port ?? 0;
        if (mainPort == 0 || _secondPort == 0)
        {
            throw new InvalidOperationException("Kestrel did not report the bound ports.");
        }

        BaseAddress = new Uri($"http://127.0.0.1:{mainPort}/");
        SecondOriginAddress = new Uri($"http://127.0.0.1:{_secondPort}/");
    }

    /// <summary>Stops the listeners.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _app is null)
        {
            return;
        }

        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static RecordedRequest[] Snapshot(List<RequestRecord> list)
    {
        RequestRecord[] copy;
        lock (list)
        {
            copy = list.ToArray();
        }

        return copy.Select(r => r.Snapshot()).ToArray();
    }

    // ---- request pipeline ------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext ctx)
    {
        bool isSecond = ctx.Connection.LocalPort == _secondPort;
        string rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString);
        (string path, string query) = SplitTarget(rawTarget);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> h in ctx.Request.Headers)
        {
            headers[h.Key] = string.Join(", ", h.Value.Select(v => v ?? string.Empty));
        }

        var record = new RequestRecord(ctx.Request.Method, path, query, headers, _options.MaxRecordedBodyBytes);
        List<RequestRecord> list = isSecond ? _secondRequests : _requests;
        lock (list)
        {
            list.Add(record);
        }

        var body = new RecordingReadStream(ctx.Request.Body, record);
        ctx.Request.Body = body;

        // Read whatever the handler left unread before the response goes out: the recording then has the whole body,
        // and a client still sending (e.g. a big upload answered with 401) is not cut off.
        ctx.Response.OnStarting(() => DrainQuietlyAsync(body, ctx));

        try
        {
            if (isSecond)
            {
                await FileHandlers.ServeSignedAsync(ctx, State, path).ConfigureAwait(false);
            }
            else
            {
                await DispatchAsync(ctx, path, query).ConfigureAwait(false);
            }
        }
        catch (ApiException ex) when (!ctx.Response.HasStarted)
        {
            await Call.WriteErrorAsync(ctx.Response, ErrorFormatFor(ctx), ex.Status, ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (Exception) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException)
        {
            // The client broke the request body off.
            ctx.Abort();
        }
        catch (Exception ex) when (!ctx.Response.HasStarted)
        {
            await Call.WriteErrorAsync(ctx.Response, ErrorFormatFor(ctx), 500, "internal_error", ex.GetType().Name + ": " + ex.Message).ConfigureAwait(false);
        }
        finally
        {
            if (!ctx.Response.HasStarted)
            {
                await DrainQuietlyAsync(body, ctx).ConfigureAwait(false);
            }
        }
    }

    private static ErrorFormat ErrorFormatFor(HttpContext ctx) => HttpMethods.IsHead(ctx.Request.Method) ? ErrorFormat.None : ErrorFormat.Json;

    private static async Task DrainQuietlyAsync(RecordingReadStream body, HttpContext ctx)
    {
        try
        {
            await body.DrainAsync(ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Aborted or malformed body: nothing more to record.
        }
    }

    private async Task DispatchAsync(HttpContext ctx, string path, string query)
    {
        string method = ctx.Request.Method;
        Fault? fault = State.TakeFault(method, path);

        List<string> segments = path.TrimStart('/').Split('/').Select(Uri.UnescapeDataString).ToList();
        var matches = new List<(Route Route, Dictionary<string, string> Values)>();
        foreach (Route r in _routes)
        {
            Dictionary<string, string>? values = r.Match(segments);
            if (values is not null)
            {
                matches.Add((r, values));
            }
        }

        var forMethod = matches.Where(m => string.Equals(m.Route.Method, method, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(m => m.Route.LiteralCount)
            .ToList();
        Route? route = forMethod.Count > 0 ? forMethod[0].Route : null;

        if (fault is not null)
        {
            if (fault.Status == 0)
            {
                await Task.Delay(fault.Delay, ctx.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                if (fault.RetryAfterSeconds is int retry)
                {
                    ctx.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                ErrorFormat format = route?.Format ?? (path.StartsWith("/api/userdata", StringComparison.Ordinal) ? ErrorFormat.Text : ErrorFormatFor(ctx));
                await Call.WriteErrorAsync(ctx.Response, format, fault.Status, "injected_fault", $"injected fault: {fault.Status}").ConfigureAwait(false);
                return;
            }
        }

        if (route is null)
        {
            // Unknown path (404) or known path with another method (405). Under /api/userdata errors are text/plain.
            ErrorFormat format = path.StartsWith("/api/userdata", StringComparison.Ordinal) ? ErrorFormat.Text : ErrorFormatFor(ctx);
            if (matches.Count > 0)
            {
                ctx.Response.Headers.Allow = string.Join(", ", matches.Select(m => m.Route.Method).Distinct());
                await Call.WriteErrorAsync(ctx.Response, format, 405, "method_not_allowed", $"{method} is not allowed on {path}").ConfigureAwait(false);
            }
            else
            {
                await Call.WriteErrorAsync(ctx.Response, format, 404, "not_found", $"no such endpoint: {method} {path}").ConfigureAwait(false);
            }

            return;
        }

        try
        {
            if (route.Auth == AuthMode.ApiKey && _options.RequireApiKey)
            {
                string? key = ctx.Request.Headers["X-API-Key"];
                if (string.IsNullOrEmpty(key))
                {
                    throw new ApiException(401, "unauthorized", "missing X-API-Key header");
                }

                if (!string.Equals(key, _options.ApiKey, StringComparison.Ordinal))
                {
                    throw new ApiException(401, "unauthorized", "invalid API key");
                }
            }

            var call = new Call(ctx, this, route, forMethod[0].Values, QueryHelpers.ParseQuery(query));
            await route.Handler(call).ConfigureAwait(false);
        }
        catch (ApiException ex) when (!ctx.Response.HasStarted)
        {
            await Call.WriteErrorAsync(ctx.Response, route.Format, ex.Status, ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ctx.Response.HasStarted && !ctx.RequestAborted.IsCancellationRequested && ex is not IOException and not OperationCanceledException)
        {
            await Call.WriteErrorAsync(ctx.Response, route.Format, 500, "internal_error", ex.GetType().Name + ": " + ex.Message).ConfigureAwait(false);
        }

    }

    /// <summary>Splits a request target into raw path and raw query ("?..." or "").</summary>
    private static (string Path, string Query) SplitTarget(string rawTarget)
    {
        string target = rawTarget;
        if (!target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out Uri? absolute))
        {
            target = absolute.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        }

        int q = target.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (target, string.Empty) : (target[..q], target[q..]);
    }

    /// <summary>No console lifetime: the fake must not hook Ctrl+C or SIGTERM of the test process.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
