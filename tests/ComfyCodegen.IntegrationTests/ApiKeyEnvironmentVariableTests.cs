using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Comfy.Cloud;
using Comfy.Local;
using ComfyCodegen.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>
/// COMFY_API_KEY through the generated Add{Client}, as the consumer project's MSBuild lines set it: the Cloud spec's
/// line names the variable (ApiKeyEnvironmentVariable="COMFY_API_KEY"), the local ComfyUI spec's does not. The variable
/// is process-wide, so these tests run alone.
/// </summary>
[Collection(nameof(ApiKeyEnvironmentVariableTests))]
public sealed class ApiKeyEnvironmentVariableTests
{
    private const string Variable = "COMFY_API_KEY";
    private const string Tags = """{"tags":[{"name":"input","count":1}],"total":1,"has_more":false}""";

    [Fact]
    public async Task TheKeyComesFromTheEnvironmentWhenNothingElseSetsIt()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", Tags);
        var services = new ServiceCollection();
        services.AddComfyCloudClient(options => options.BaseAddress = server.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        using (new EnvironmentVariable(Variable, "from-environment"))
        {
            await provider.GetRequiredService<IComfyCloudClient>().ListTagsAsync();
        }

        Assert.Equal("from-environment", Assert.Single(server.Requests).Headers["X-API-Key"]);
    }

    [Fact]
    public async Task AKeyClearedInCodeIsNotRefilledFromTheEnvironment()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", Tags);
        var services = new ServiceCollection();
        services.AddComfyCloudClient(options =>
        {
            options.BaseAddress = server.BaseAddress;
            options.ApiKey = null;
        });
        await using var provider = services.BuildServiceProvider();
        using (new EnvironmentVariable(Variable, "from-environment"))
        {
            await provider.GetRequiredService<IComfyCloudClient>().ListTagsAsync();
        }

        Assert.False(Assert.Single(server.Requests).Headers.ContainsKey("X-API-Key"));
    }

    [Fact]
    public async Task ConfigurationOverridesTheEnvironmentAndCodeOverridesBoth()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", Tags);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Comfy:ComfyCloudClient:ApiKey"] = "from-config" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddComfyCloudClient(options => options.BaseAddress = server.BaseAddress);
        var cleared = new ServiceCollection();
        cleared.AddSingleton<IConfiguration>(configuration);
        cleared.AddComfyCloudClient(options =>
        {
            options.BaseAddress = server.BaseAddress;
            options.ApiKey = null;
        });
        await using var provider = services.BuildServiceProvider();
        await using var clearedProvider = cleared.BuildServiceProvider();
        using (new EnvironmentVariable(Variable, "from-environment"))
        {
            await provider.GetRequiredService<IComfyCloudClient>().ListTagsAsync();
            await clearedProvider.GetRequiredService<IComfyCloudClient>().ListTagsAsync();
        }

        Assert.Equal("from-config", server.Requests[0].Headers["X-API-Key"]);
        Assert.False(server.Requests[1].Headers.ContainsKey("X-API-Key"));
    }

    [Fact]
    public async Task AClientWhoseSpecNamesNoVariableDoesNotReadIt()
    {
        // comfyui.yaml secures listTags with an X-API-Key scheme, like the Cloud spec; its MSBuild line names no variable.
        await using var server = await LoopbackServer.StartAsync(200, "application/json", Tags);
        var services = new ServiceCollection();
        services.AddComfyUiClient(options => options.BaseAddress = server.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        using (new EnvironmentVariable(Variable, "from-environment"))
        {
            Assert.Null(provider.GetRequiredService<IOptionsMonitor<ApiClientOptions>>().Get("ComfyUiClient").ApiKey);
            await provider.GetRequiredService<IComfyUiClient>().ListTagsAsync();
        }

        Assert.False(Assert.Single(server.Requests).Headers.ContainsKey("X-API-Key"));
    }

    /// <summary>Sets a variable for a using block, then puts back what was there.</summary>
    private sealed class EnvironmentVariable : IDisposable
    {
        private readonly string _name;
        private readonly string? _previous;

        public EnvironmentVariable(string name, string? value)
        {
            _name = name;
            _previous = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
    }
}

/// <summary>Tests that set process-wide environment variables run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(ApiKeyEnvironmentVariableTests), DisableParallelization = true)]
public sealed class ApiKeyEnvironmentVariableCollection;
