using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Comfy.Local;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>The server's description of itself: version, features, nodes, extensions, translations, memory.</summary>
public sealed class SystemTests : ComfyUiTestBase
{
    public SystemTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task SystemStatsNameTheRunningServer()
    {
        var stats = await Client.GetSystemStatsAsync();
        Assert.Equal("0.3.64", stats.System.ComfyuiVersion);
        Assert.Contains("--cpu", stats.System.Argv);
        Assert.True(stats.System.RamTotal > 0);
        Assert.Equal("cpu", Assert.Single(stats.Devices).Type);
    }

    [Fact]
    public async Task FeaturesAreReported()
    {
        var features = await Client.GetFeaturesAsync();
        Assert.True(features.SupportsPreviewMetadata);
        Assert.True(features.MaxUploadSize > 0);
    }

    [Fact]
    public async Task EveryNodeIsDescribedIncludingTheNullsAStockServerSends()
    {
        var nodes = await Client.GetNodeInfoAsync();

        Assert.True(nodes.Count > 300, $"{nodes.Count} nodes");
        Assert.Equal("Invert Image", nodes["ImageInvert"].DisplayName);
        Assert.True(nodes["SaveImage"].OutputNode);
        Assert.Equal(["image"], nodes["LoadImage"].InputOrder!["required"].Take(1));
        // What made the call fail before: null display names and null output tooltips.
        Assert.Contains(nodes.Values, n => n.DisplayName is null);
        Assert.Contains(nodes.Values, n => n.OutputTooltips is { } tips && tips.Any(t => t is null));
    }

    [Fact]
    public async Task ExtensionsEmbeddingsTemplatesAndTranslationsAreListed()
    {
        Assert.Equal(["/extensions/probe/placeholder.js"], await Client.GetExtensionsAsync());
        Assert.Empty(await Client.GetEmbeddingsAsync());
        Assert.Empty(await Client.GetWorkflowTemplatesAsync()); // no custom nodes
        Assert.Equal(System.Text.Json.JsonValueKind.Object, (await Client.GetI18nAsync()).ValueKind);
    }

    [Fact]
    public async Task MemoryIsFreedWithTheBodyTheServerNeeds()
    {
        await Client.FreeMemoryAsync(new FreeMemoryRequest { UnloadModels = true, FreeMemory = true });
        await Client.FreeMemoryAsync(new FreeMemoryRequest());

        // Why the body is required: without one the server fails.
        using var bare = await Http.PostAsync(new Uri(Server.BaseAddress, "api/free"), content: null);
        Assert.Equal(500, (int)bare.StatusCode);
    }
}
