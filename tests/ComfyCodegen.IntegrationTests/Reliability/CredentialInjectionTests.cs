using System;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Reliability;

/// <summary>A credential cannot add a header: CR/LF in it is refused before anything reaches the wire.</summary>
public sealed class CredentialInjectionTests
{
    private const string Tags = """{"tags":[],"total":0,"has_more":false}""";

    [Fact]
    public async Task AKeyChangedToCarryAHeaderSendsNothing()
    {
        await using var server = await LoopbackServer.StartAsync(200, "application/json", Tags);
        var options = new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = "sk-clean-key-0001" };
        using var client = new ComfyCloudClient(new System.Net.Http.HttpClient(new System.Net.Http.SocketsHttpHandler { AllowAutoRedirect = false }), options);
        await client.ListTagsAsync();

        options.ApiKey = "sk-injected-key-0002\r\nX-Injected: yes";
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.ListTagsAsync());

        Assert.DoesNotContain("sk-injected", exception.ToString());
        Assert.DoesNotContain("X-Injected", exception.ToString());
        var only = Assert.Single(server.Requests);
        Assert.False(only.Headers.ContainsKey("X-Injected"));
    }

    [Fact]
    public async Task TheDependencyInjectionOptionsRefuseAKeyWithANewlineWithoutQuotingIt()
    {
        var services = new ServiceCollection();
        services.AddComfyCloudClient(options =>
        {
            options.BaseAddress = new Uri("http://127.0.0.1:1/");
            options.ApiKey = "sk-from-a-secrets-file-9931\n";
        });
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IComfyCloudClient>());

        Assert.Contains("control character", exception.Message);
        Assert.DoesNotContain("sk-from-a-secrets-file", exception.ToString());
    }
}
