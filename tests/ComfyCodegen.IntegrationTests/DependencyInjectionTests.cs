using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>services.AddComfyCloudClient: IHttpClientFactory, options from code and configuration, validation, retries.</summary>
public sealed class DependencyInjectionTests
{
    private static ServiceProvider Services(Uri baseAddress, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddComfyCloudClient(
            options =>
            {
                options.BaseAddress = baseAddress;
                options.ApiKey = "di-key";
            },
            resilience => resilience.Retry.Delay = TimeSpan.FromMilliseconds(10));
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static async Task Respond(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private const string Tags = """{"tags":[{"name":"input","count":1}],"total":1,"has_more":false}""";
    private const string Unavailable = """{"code":"unavailable","message":"try later"}""";

    [Fact]
    public async Task TheClientResolvesAndCalls()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", Tags);
        await using var provider = Services(server.BaseAddress);

        var client = provider.GetRequiredService<IComfyCloudClient>();
        var page = await client.ListTagsAsync();

        Assert.Equal("input", page.Tags.Single().Name);
        Assert.Equal("di-key", Assert.Single(server.Requests).Headers["X-API-Key"]);
    }

    [Fact]
    public async Task A503OnAGetIsRetried()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(context =>
            Interlocked.Increment(ref calls) <= 2 ? Respond(context, 503, Unavailable) : Respond(context, 200, Tags));
        await using var provider = Services(server.BaseAddress);

        var page = await provider.GetRequiredService<IComfyCloudClient>().ListTagsAsync();

        Assert.Equal(1, page.Total);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ANonReplayableUploadIsNeverResent()
    {
        await using var server = await LoopbackServer.StartAsync(context => Respond(context, 503, Unavailable));
        await using var provider = Services(server.BaseAddress);
        var exception = await Assert.ThrowsAsync<ApiException>(() => provider.GetRequiredService<IComfyCloudClient>().PostUserdataFileAsync("a.bin", new Reliability.NonSeekableStream(new byte[] { 1, 2, 3 })));

        Assert.Equal(503, exception.StatusCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal(new byte[] { 1, 2, 3 }, request.Body);
    }

    [Fact]
    public async Task ANonIdempotentPostIsNotRetriedOnAServerError()
    {
        await using var server = await LoopbackServer.StartAsync(context => Respond(context, 500, Unavailable));
        await using var provider = Services(server.BaseAddress);

        await Assert.ThrowsAsync<ApiException<System.Text.Json.JsonElement>>(() => provider.GetRequiredService<IComfyCloudClient>().ExecutePromptAsync(new PromptRequest { Prompt = System.Text.Json.JsonDocument.Parse("{}").RootElement }));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task RetryAfterIsHonored()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return Respond(context, 429, Unavailable);
            }

            return Respond(context, 200, Tags);
        });
        await using var provider = Services(server.BaseAddress);
        var started = DateTime.UtcNow;

        await provider.GetRequiredService<IComfyCloudClient>().ListTagsAsync();

        Assert.Equal(2, server.Requests.Count);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the retry did not wait for Retry-After");
    }

    [Fact]
    public async Task OptionsComeFromConfigurationAndTheEnvironment()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", Tags);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Comfy:ComfyCloudClient:BaseAddress"] = server.BaseAddress.ToString(), ["Comfy:ComfyCloudClient:ApiKey"] = "from-config" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddComfyCloudClient();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IComfyCloudClient>().ListTagsAsync();

        Assert.Equal("from-config", Assert.Single(server.Requests).Headers["X-API-Key"]);
    }

    [Fact]
    public void InvalidOptionsFailAtStartUp()
    {
        var services = new ServiceCollection();
        services.AddComfyCloudClient(options => options.BaseAddress = new Uri("relative/path", UriKind.Relative));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("BaseAddress must be an absolute URI", exception.Message);
    }
}
