using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>
/// /api/view answers 302 to a signed URL on another host. The client follows it, but the API key never leaves
/// its origin: .NET's own redirect handling strips Authorization only, not X-API-Key.
/// </summary>
public sealed class RedirectTests
{
    private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };

    [Fact]
    public async Task CrossOriginRedirectIsFollowedWithoutTheKey()
    {
        await using var cloud = await FakeComfyCloud.StartAsync();
        cloud.State.AddFile("out.png", Png, "image/png");
        cloud.State.ViewMode = ViewResponseMode.CrossOriginRedirect;
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = cloud.BaseAddress, ApiKey = cloud.ApiKey });

        using var file = await client.ViewFileAsync("out.png");
        using var copy = new MemoryStream();
        await file.Content.CopyToAsync(copy);

        Assert.Equal(Png, copy.ToArray());
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(cloud.ApiKey, Assert.Single(cloud.Requests).Headers["X-API-Key"]);
        var signed = Assert.Single(cloud.SecondOriginRequests);
        Assert.False(signed.Headers.ContainsKey("X-API-Key"));
        Assert.False(signed.Headers.ContainsKey("Authorization"));
        Assert.DoesNotContain(cloud.ApiKey, string.Join("\n", signed.Headers.Values));
    }

    [Theory]
    [InlineData(ViewResponseMode.SameOriginRedirect)]
    [InlineData(ViewResponseMode.SameOriginRelativeRedirect)]
    public async Task SameOriginRedirectKeepsTheKey(ViewResponseMode mode)
    {
        await using var cloud = await FakeComfyCloud.StartAsync();
        cloud.State.AddFile("out.png", Png, "image/png");
        cloud.State.ViewMode = mode;
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = cloud.BaseAddress, ApiKey = cloud.ApiKey });

        using var file = await client.ViewFileAsync("out.png");

        Assert.Equal(2, cloud.Requests.Count);
        Assert.All(cloud.Requests, request => Assert.Equal(cloud.ApiKey, request.Headers["X-API-Key"]));
        Assert.Empty(cloud.SecondOriginRequests);
    }

    [Fact]
    public async Task ACallersHttpClientWithRedirectsOffIsFollowedByTheClient()
    {
        await using var cloud = await FakeComfyCloud.StartAsync();
        cloud.State.AddFile("out.png", Png, "image/png");
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var client = new ComfyCloudClient(http, new ApiClientOptions { BaseAddress = cloud.BaseAddress, ApiKey = cloud.ApiKey });

        using var file = await client.ViewFileAsync("out.png");

        Assert.Equal(200, file.StatusCode);
        Assert.False(cloud.SecondOriginRequests.Single().Headers.ContainsKey("X-API-Key"));
    }
}
