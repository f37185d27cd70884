using System.Linq;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>What the server says about its nodes and model folders.</summary>
public sealed class NodeAndModelTests : ComfyUiTestBase
{
    public NodeAndModelTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task OneNodeClassIsDescribed()
    {
        var info = await Client.GetNodeInfoByClassAsync("ImageInvert");

        var node = Assert.Single(info);
        Assert.Equal("ImageInvert", node.Key);
        Assert.Equal("Invert Image", node.Value.DisplayName);
        Assert.Equal(["IMAGE"], node.Value.Output!);
        Assert.Equal([false], node.Value.OutputIsList!);
        Assert.Equal("image", node.Value.Category);
        Assert.False(node.Value.OutputNode);
    }

    [Fact]
    public async Task AnUnknownNodeClassIsAnEmptyObject()
    {
        Assert.Empty(await Client.GetNodeInfoByClassAsync("NoSuchNode"));
    }

    [Fact]
    public async Task ModelFoldersAreListedAndEmptyOnAFreshInstall()
    {
        var types = await Client.ListModelTypesAsync();
        Assert.Contains("checkpoints", types);
        Assert.Contains("loras", types);

        Assert.Empty(await Client.ListModelsAsync("checkpoints"));
    }

    [Fact]
    public async Task AnUnknownModelFolderIs404()
    {
        var failure = await Assert.ThrowsAsync<ApiException>(() => Client.ListModelsAsync("no-such-folder"));
        Assert.Equal(404, failure.StatusCode);
    }
}
