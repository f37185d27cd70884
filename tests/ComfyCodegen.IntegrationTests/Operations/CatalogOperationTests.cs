using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Operations;

/// <summary>
/// Reference data of the Cloud spec through the generated client: getNodeInfo, getFeatures, getWorkflowTemplates,
/// getGlobalSubgraphs, getGlobalSubgraph, getModelFolders, getModelsInFolder, getModelPreview, getSystemStats, getUser.
/// Most of these are <c>security: []</c> in the spec, so the key must not be sent with them.
/// </summary>
public sealed class CatalogOperationTests : CloudOperationTestBase
{
    // ---- getNodeInfo -----------------------------------------------------------------------------

    [Fact]
    public async Task GetNodeInfo_ReadsEveryNodeDefinition()
    {
        var nodes = await Client.GetNodeInfoAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/object_info");
        AssertKeySent(request);
        AssertNoBody(request);
        Assert.Equal(
            new[] { "CLIPTextEncode", "CheckpointLoaderSimple", "EmptyLatentImage", "KSampler", "LoadImage", "SaveImage", "VAEDecode" },
            nodes.Keys.OrderBy(k => k, StringComparer.Ordinal));
        NodeInfo loader = nodes["CheckpointLoaderSimple"];
        Assert.Equal("Load Checkpoint", loader.DisplayName);
        Assert.Equal("loaders", loader.Category);
        Assert.Equal(new[] { "MODEL", "CLIP", "VAE" }, loader.Output);
        Assert.Equal(new[] { false, false, false }, loader.OutputIsList);
        Assert.Equal(new[] { "ckpt_name" }, loader.InputOrder!["required"]);
        Assert.Equal("sd_xl_base_1.0.safetensors", loader.Input!.Value.GetProperty("required").GetProperty("ckpt_name")[0].GetString());
        Assert.False(loader.OutputNode);
        NodeInfo save = nodes["SaveImage"];
        Assert.True(save.OutputNode);
        Assert.Equal("Saves the input images to your ComfyUI output directory.", save.Description);
        Assert.Empty(save.Output!);
        Assert.False(save.Deprecated);
        Assert.False(save.ApiNode);
    }

    [Fact]
    public async Task GetNodeInfo_NeedsTheKey()
    {
        using var client = ClientWithKey(null);

        var exception = await Assert.ThrowsAsync<ApiException>(() => client.GetNodeInfoAsync());

        Assert.Equal(401, exception.StatusCode);
        Assert.Contains("missing X-API-Key header", exception.Body);
    }

    // ---- getFeatures -----------------------------------------------------------------------------

    [Fact]
    public async Task GetFeatures_SendsTheKeyWhenItHasOneAndReadsTheFlags()
    {
        GetFeaturesResponse features = await Client.GetFeaturesAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/features");
        AssertKeySent(request);
        Assert.True(features.SupportsPreviewMetadata);
        Assert.Equal(52428800, features.MaxUploadSize);
    }

    [Fact]
    public async Task GetFeatures_AuthIsOptionalSoItWorksWithoutAKey()
    {
        using var client = ClientWithKey(null);

        GetFeaturesResponse features = await client.GetFeaturesAsync();

        AssertNoKeySent(SingleRequest());
        Assert.Equal(52428800, features.MaxUploadSize);
    }

    [Fact]
    public async Task GetFeatures_KeepsTheMembersAdditionalPropertiesAllows()
    {
        // The response schema has named properties and `additionalProperties: true`: the server's other flags
        // ("extension" here) are part of the value and must survive a round trip.
        GetFeaturesResponse features = await Client.GetFeaturesAsync();

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(features));
        Assert.True(json.RootElement.TryGetProperty("extension", out JsonElement extension), "the 'extension' member the server sent was dropped: " + json.RootElement.GetRawText());
        Assert.True(extension.GetProperty("manager").GetProperty("supports_v4").GetBoolean());
    }

    // ---- getWorkflowTemplates --------------------------------------------------------------------

    [Fact]
    public async Task GetWorkflowTemplates_IsAnEmptyObjectAndNeedsNoKey()
    {
        JsonElement templates = await Client.GetWorkflowTemplatesAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/workflow_templates");
        AssertNoKeySent(request);
        Assert.Equal(JsonValueKind.Object, templates.ValueKind);
        Assert.Empty(templates.EnumerateObject());
    }

    // ---- getGlobalSubgraphs / getGlobalSubgraph --------------------------------------------------

    [Fact]
    public async Task GetGlobalSubgraphs_ListsTheBlueprintsWithoutData()
    {
        var subgraphs = await Client.GetGlobalSubgraphsAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/global_subgraphs");
        AssertNoKeySent(request);
        Assert.Equal(new[] { "3f6c2a9e-upscale-and-sharpen", "b8d41c07-face-detailer" }, subgraphs.Keys.OrderBy(k => k, StringComparer.Ordinal));
        GlobalSubgraphInfo face = subgraphs["b8d41c07-face-detailer"];
        Assert.Equal("custom_node", face.Source);
        Assert.Equal("Face detailer", face.Name);
        Assert.Equal("comfyui-impact-pack", face.Info.NodePack);
        Assert.Equal(string.Empty, face.Data);
    }

    [Fact]
    public async Task GetGlobalSubgraph_ReturnsTheBlueprintJson()
    {
        GlobalSubgraphData subgraph = await Client.GetGlobalSubgraphAsync("3f6c2a9e-upscale-and-sharpen");

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/global_subgraphs/3f6c2a9e-upscale-and-sharpen");
        AssertNoKeySent(request);
        Assert.Equal("templates", subgraph.Source);
        Assert.Equal("Upscale and sharpen", subgraph.Name);
        Assert.Equal("comfyui-core", subgraph.Info.NodePack);
        using var data = JsonDocument.Parse(subgraph.Data);
        Assert.Equal("3f6c2a9e-upscale-and-sharpen", data.RootElement.GetProperty("id").GetString());
        Assert.Equal(new[] { "ImageScaleBy", "ImageSharpen" }, data.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task GetGlobalSubgraph_OfAnUnknownIdIsA404ErrorResponseAndTheIdIsEscaped()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetGlobalSubgraphAsync("no such/blueprint"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
        Assert.Contains("no such/blueprint", exception.Error.Message);
        AssertTarget(SingleRequest(), "GET", "/api/global_subgraphs/no%20such%2Fblueprint");
    }

    // ---- getModelFolders / getModelsInFolder / getModelPreview -----------------------------------

    [Fact]
    public async Task GetModelFolders_ListsEveryFolder()
    {
        var folders = await Client.GetModelFoldersAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/experiment/models");
        AssertNoKeySent(request);
        Assert.Equal(new[] { "checkpoints", "loras", "vae", "clip", "controlnet", "upscale_models", "embeddings" }, folders.Select(f => f.Name));
        Assert.Equal(new[] { "/models/loras" }, folders[1].Folders);
    }

    [Fact]
    public async Task GetModelsInFolder_ListsTheModels()
    {
        var models = await Client.GetModelsInFolderAsync("checkpoints");

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/experiment/models/checkpoints");
        AssertNoKeySent(request);
        Assert.Equal(new[] { "sd_xl_base_1.0.safetensors", "v1-5-pruned-emaonly.safetensors", "flux/flux1-dev-fp8.safetensors" }, models.Select(m => m.Name));
        Assert.All(models, m => Assert.Equal(0, m.PathIndex));
    }

    [Theory]
    [InlineData("clip")]
    [InlineData("no_such_folder")]
    public async Task GetModelsInFolder_OfAnEmptyOrUnknownFolderIsA404ErrorResponse(string folder)
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetModelsInFolderAsync(folder));

        Assert.Equal(404, exception.StatusCode);
        Assert.Contains(folder, exception.Error.Message);
    }

    [Fact]
    public async Task GetModelPreview_StreamsTheWebpAndSendsAModelNameWithASlashAsOneSegment()
    {
        using ApiFileResponse preview = await Client.GetModelPreviewAsync("checkpoints", 0, "flux/flux1-dev-fp8.safetensors");
        byte[] bytes = await ReadAllAsync(preview.Content);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/experiment/models/preview/checkpoints/0/flux%2Fflux1-dev-fp8.safetensors");
        AssertNoKeySent(request);
        Assert.Equal(200, preview.StatusCode);
        Assert.Equal("image/webp", preview.ContentType);
        Assert.Equal(bytes.Length, preview.ContentLength);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WEBP", Encoding.ASCII.GetString(bytes, 8, 4));
    }

    [Fact]
    public async Task GetModelPreview_AcceptsTheWebpSuffix()
    {
        using ApiFileResponse preview = await Client.GetModelPreviewAsync("vae", 0, "sdxl_vae.safetensors.webp");

        AssertTarget(SingleRequest(), "GET", "/api/experiment/models/preview/vae/0/sdxl_vae.safetensors.webp");
        Assert.Equal("image/webp", preview.ContentType);
    }

    [Theory]
    [InlineData("checkpoints", 0, "missing.safetensors")]
    [InlineData("checkpoints", 1, "sd_xl_base_1.0.safetensors")]
    [InlineData("clip", 0, "anything.safetensors")]
    public async Task GetModelPreview_OfAnUnknownModelIsA404ErrorResponse(string folder, int pathIndex, string filename)
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetModelPreviewAsync(folder, pathIndex, filename));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
        Assert.Equal($"/api/experiment/models/preview/{folder}/{pathIndex}/{filename}", SingleRequest().Path);
    }

    // ---- getSystemStats --------------------------------------------------------------------------

    [Fact]
    public async Task GetSystemStats_ReadsSystemAndDevicesWithoutAKey()
    {
        SystemStatsResponse stats = await Client.GetSystemStatsAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/system_stats");
        AssertNoKeySent(request);
        Assert.Equal("posix", stats.System.Os);
        Assert.Equal("0.3.66", stats.System.ComfyuiVersion);
        Assert.Equal("1.28.8", stats.System.ComfyuiFrontendVersion);
        Assert.Equal("0f1e2d3c", stats.System.CloudVersion);
        Assert.Equal("2.8.0+cu128", stats.System.PytorchVersion);
        Assert.False(stats.System.EmbeddedPython);
        Assert.Equal(new[] { "main.py", "--listen", "0.0.0.0" }, stats.System.Argv);
        Assert.Equal(270582939648d, stats.System.RamTotal);
        Assert.Equal(201863462912d, stats.System.RamFree);
        SystemStatsResponseDevicesItem device = Assert.Single(stats.Devices);
        Assert.Equal("cuda", device.Type);
        Assert.StartsWith("cuda:0 NVIDIA H100", device.Name);
        Assert.Equal(85029158912d, device.VramTotal);
    }

    // ---- getUser ---------------------------------------------------------------------------------

    [Fact]
    public async Task GetUser_ReadsTheStatusWithTheKey()
    {
        UserResponse user = await Client.GetUserAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/user");
        AssertKeySent(request);
        Assert.Equal("active", user.Status);
    }

    [Fact]
    public async Task GetUser_WithAWrongKeyIsA401ErrorResponse()
    {
        using var client = ClientWithKey("wrong");

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => client.GetUserAsync());

        Assert.Equal(401, exception.StatusCode);
        Assert.Equal("unauthorized", exception.Error.Code);
        Assert.Equal("invalid API key", exception.Error.Message);
    }
}
