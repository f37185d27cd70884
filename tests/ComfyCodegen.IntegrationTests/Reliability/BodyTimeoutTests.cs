using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>
/// ApiClientOptions.ResponseBodyTimeout: a body that stops arriving ends the call, also with the DI registration,
/// whose resilience pipeline makes HttpClient.Timeout infinite.
/// </summary>
public sealed class BodyTimeoutTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    /// <summary>How long a test waits before calling the client hung (far above <see cref="Short"/>).</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);

    /// <summary>Sends the start of a body of the declared length, then nothing until the client goes away.</summary>
    private static Task<LoopbackServer> Stalling(string contentType, string start) =>
        LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = contentType;
            context.Response.ContentLength = 100_000;
            await context.Response.WriteAsync(start);
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });

    private static ServiceProvider DefaultRegistration(Uri baseAddress, TimeSpan? bodyTimeout)
    {
        var services = new ServiceCollection();
        services.AddComfyCloudClient(options =>
        {
            options.BaseAddress = baseAddress;
            if (bodyTimeout is { } timeout)
            {
                options.ResponseBodyTimeout = timeout;
            }
        });
        return services.BuildServiceProvider();
    }

    private static async Task<T> WithinAsync<T>(Task<T> call)
    {
        Assert.True(await Task.WhenAny(call, Task.Delay(Hung)) == call, $"the call still waited for the body after {Hung.TotalSeconds} s");
        return await call;
    }

    [Fact]
    public async Task TheDefaultIsFiniteAndTheDependencyInjectionClientNeedsIt()
    {
        await using var provider = DefaultRegistration(new Uri("http://127.0.0.1:1/"), bodyTimeout: null);

        var options = provider.GetRequiredService<IOptionsMonitor<ApiClientOptions>>().Get("ComfyCloudClient");
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("ComfyCloudClient");

        Assert.Equal(TimeSpan.FromSeconds(100), options.ResponseBodyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(100), new ApiClientOptions().ResponseBodyTimeout);
        // What makes the option necessary: the resilience pipeline turns HttpClient.Timeout off.
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
    }

    [Fact]
    public async Task AStalledJsonBodyEndsTheDefaultRegistrationsCall()
    {
        await using var server = await Stalling("application/json", "{\"tags\":[");
        await using var provider = DefaultRegistration(server.BaseAddress, Short);
        var started = DateTime.UtcNow;

        var exception = await WithinAsync(Assert.ThrowsAsync<ApiException>(() => provider.GetRequiredService<IComfyCloudClient>().ListTagsAsync()));

        Assert.Equal(200, exception.StatusCode);
        Assert.Contains("ResponseBodyTimeout", exception.Message);
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task AStalledDownloadEndsItsStreamsRead()
    {
        await using var server = await Stalling("image/png", "\u0089PNG");
        await using var provider = DefaultRegistration(server.BaseAddress, Short);

        using var file = await provider.GetRequiredService<IComfyCloudClient>().ViewFileAsync("out.png");
        var exception = await WithinAsync(Assert.ThrowsAsync<IOException>(async () =>
        {
            var buffer = new byte[8192];
            while (await file.Content.ReadAsync(buffer) > 0)
            {
            }
        }));

        Assert.Contains("ResponseBodyTimeout", exception.Message);
    }

    [Fact]
    public async Task ASlowReaderIsNotAStalledServer()
    {
        // The timeout counts the server's silence only: a caller that waits between reads does not trip it.
        await using var server = await LoopbackServer.StartAsync(200, "image/png", new string('x', 3000));
        await using var provider = DefaultRegistration(server.BaseAddress, Short);

        using var file = await provider.GetRequiredService<IComfyCloudClient>().ViewFileAsync("out.png");
        var buffer = new byte[1000];
        var total = 0;
        int read;
        while ((read = await file.Content.ReadAsync(buffer)) > 0)
        {
            total += read;
            await Task.Delay(Short * 1.5);
        }

        Assert.Equal(3000, total);
    }

    [Fact]
    public async Task ASilentEventStreamIsResumed()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            if (context.Request.Headers.ContainsKey("Last-Event-ID"))
            {
                await context.Response.WriteAsync("id: 2\ndata: second\n\n");
                return;
            }

            await context.Response.WriteAsync("id: 1\ndata: first\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });
        using var core = new ApiClientCore(null, new ApiClientOptions { BaseAddress = server.BaseAddress, ResponseBodyTimeout = Short, EventStreamReconnectDelay = TimeSpan.FromMilliseconds(10) }, null);

        var data = new List<string>();
        async Task<int> ReadAll()
        {
            await foreach (var item in core.StreamEventsAsync(new ApiRequest("GET", "/events"), Array.Empty<ApiAuthScheme>(), null, e => e.Data, CancellationToken.None))
            {
                data.Add(item);
            }

            return data.Count;
        }

        Assert.Equal(2, await WithinAsync(ReadAll()));
        Assert.Equal(new[] { "first", "second" }, data);
        Assert.Equal(2, server.Requests.Count);
    }
}
