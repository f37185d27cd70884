using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>What the server says about its nodes and model files.</summary>
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
    public async Task ModelFoldersAreListed()
    {
        var types = await Client.ListModelTypesAsync();
        Assert.Contains("checkpoints", types);
        Assert.Contains("loras", types);

        var folders = await Client.GetModelFoldersAsync();
        Assert.Contains(folders, f => f.Name == "checkpoints" && f.Folders.Count > 0);
        Assert.DoesNotContain(folders, f => f.Name == "configs"); // the experimental list leaves it out
    }

    [Fact]
    public async Task AModelPlacedInAFolderIsListedWithItsMetadataAndPreview()
    {
        // The run's own output/checkpoints directory is one of the checkpoint folders (found through the API).
        var folders = (await Client.GetModelFoldersAsync()).Single(f => f.Name == "checkpoints").Folders;
        var pathIndex = folders.ToList().FindIndex(f => f.EndsWith("/output/checkpoints", StringComparison.Ordinal));
        Assert.True(pathIndex >= 0, string.Join(", ", folders));
        Directory.CreateDirectory(folders[pathIndex]);
        var name = Workflows.UniquePrefix("model");
        await File.WriteAllBytesAsync(Path.Combine(folders[pathIndex], name + ".safetensors"), SafetensorsHeaderOnly("""{"__metadata__":{"title":"tiny","author":"contract"}}"""));
        await File.WriteAllBytesAsync(Path.Combine(folders[pathIndex], name + ".png"), Png.EncodeSolid(4, 4, 1, 2, 3));
        var file = name + ".safetensors";

        Assert.Contains(file, await Client.ListModelsAsync("checkpoints"));

        var model = Assert.Single(await Client.GetModelsInFolderAsync("checkpoints"), m => m.Name == file);
        Assert.Equal(pathIndex, model.PathIndex);
        Assert.InRange(model.Modified!.Value, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);

        var metadata = await Client.ViewModelMetadataAsync("checkpoints", file);
        Assert.Equal("tiny", metadata["title"]);
        Assert.Equal("contract", metadata["author"]);

        using var preview = await Client.GetModelPreviewAsync("checkpoints", pathIndex, file);
        Assert.Equal("image/webp", preview.ContentType);
        using var bytes = new MemoryStream();
        await preview.Content.CopyToAsync(bytes);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes.ToArray(), 0, 4));
    }

    [Fact]
    public async Task UnknownModelFoldersAndFilesAre404()
    {
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException>(() => Client.ListModelsAsync("no-such-folder"))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException>(() => Client.GetModelsInFolderAsync("no-such-folder"))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException>(() => Client.ViewModelMetadataAsync("checkpoints", "missing.safetensors"))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException>(() => Client.GetModelPreviewAsync("no-such-folder", 0, "x.safetensors"))).StatusCode);
    }

    // A safetensors file is an 8-byte little-endian header length, then the JSON header; the metadata route reads only that.
    private static byte[] SafetensorsHeaderOnly(string header)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        return file;
    }
}
