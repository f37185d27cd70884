using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Operations;

/// <summary>
/// The ComfyUI-compatible file operations of the Cloud spec through the generated client: viewFile, uploadImage,
/// uploadMask, getMaskLayers.
/// </summary>
public sealed class FileOperationTests : CloudOperationTestBase
{
    // ---- viewFile --------------------------------------------------------------------------------

    [Fact]
    public async Task ViewFile_Direct_StreamsTheBytesWithTheirHeaders()
    {
        byte[] png = PngWithMarker("direct");
        Cloud.State.AddFile("out.png", png, "image/png");
        Cloud.State.ViewMode = ViewResponseMode.Direct;

        using ApiFileResponse file = await Client.ViewFileAsync("out.png", subfolder: "", type: "output");
        byte[] bytes = await ReadAllAsync(file.Content);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/view", "?filename=out.png&subfolder=&type=output");
        AssertKeySent(request);
        Assert.Equal(png, bytes);
        Assert.Equal(200, file.StatusCode);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png.Length, file.ContentLength);
        Assert.Equal("out.png", file.FileName);
    }

    [Fact]
    public async Task ViewFile_SendsEveryQueryParameterInOrderAndAChannelIsServedDirectly()
    {
        byte[] png = PngWithMarker("channel");
        Cloud.State.AddFile("a b&c.png", png, "image/png");

        using ApiFileResponse file = await Client.ViewFileAsync(
            "a b&c.png", subfolder: "sub/dir", type: "temp", fullpath: "/tmp/x", format: "image/png", frameRate: 24, workflow: "wf", timestamp: 1700000000, channel: "rgb");

        var request = SingleRequest();
        AssertTarget(
            request,
            "GET",
            "/api/view",
            "?filename=a%20b%26c.png&subfolder=sub%2Fdir&type=temp&fullpath=%2Ftmp%2Fx&format=image%2Fpng&frame_rate=24&workflow=wf&timestamp=1700000000&channel=rgb");
        Assert.Empty(Cloud.SecondOriginRequests);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png, await ReadAllAsync(file.Content));
    }

    [Fact]
    public async Task ViewFile_FollowsTheRedirectToTheSignedUrlWithoutTheKey()
    {
        byte[] png = PngWithMarker("redirect");
        Cloud.State.AddFile("signed.png", png, "image/png");

        using ApiFileResponse file = await Client.ViewFileAsync("signed.png");

        AssertTarget(SingleRequest(), "GET", "/api/view", "?filename=signed.png");
        RecordedRequest signed = Assert.Single(Cloud.SecondOriginRequests);
        Assert.StartsWith("/signed/", signed.Path);
        Assert.StartsWith("?X-Goog-Algorithm=", signed.QueryString);
        AssertNoKeySent(signed);
        Assert.Equal(png, await ReadAllAsync(file.Content));
        Assert.Equal("signed.png", file.FileName);
    }

    [Fact]
    public async Task ViewFile_OfAnUnknownFileIsA404ErrorResponse()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.ViewFileAsync("missing.png"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
        Assert.Contains("missing.png", exception.Error.Message);
        Assert.Empty(Cloud.SecondOriginRequests);
    }

    [Fact]
    public async Task ViewFile_WithAnUnknownChannelIsA400ErrorResponse()
    {
        Cloud.State.AddFile("out.png", TinyPng, "image/png");

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.ViewFileAsync("out.png", channel: "cmyk"));

        Assert.Equal(400, exception.StatusCode);
        Assert.Contains("cmyk", exception.Error.Message);
    }

    // ---- uploadImage -----------------------------------------------------------------------------

    [Fact]
    public async Task UploadImage_SendsEveryPartAndStoresTheImageByHash()
    {
        byte[] png = PngWithMarker("cat");
        var body = new UploadImageRequest
        {
            Image = new ApiFile(new MemoryStream(png), "cat.png", "image/png"),
            Overwrite = "true",
            Subfolder = "pets",
            Type = "input",
        };

        UploadImageResponse response = await Client.UploadImageAsync(body);

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/upload/image");
        AssertKeySent(request);
        var parts = MultipartParts(request);
        Assert.Equal(new[] { "image", "overwrite", "subfolder", "type" }, parts.Select(p => p.Name));
        Assert.Contains("name=\"image\"; filename=\"cat.png\"", parts[0].Headers);
        Assert.Contains("Content-Type: image/png", parts[0].Headers);
        Assert.Equal(png, parts[0].Content);
        Assert.Equal("true", PartText(parts, "overwrite"));
        Assert.Equal("pets", PartText(parts, "subfolder"));
        Assert.Equal("input", PartText(parts, "type"));
        Assert.Equal(request.Body.Length, request.BodyLength);

        string hash = Cloud.State.AddContent(png); // the same bytes: the hash the server stored them under
        Assert.Equal(hash["blake3:".Length..] + ".png", response.Name);
        Assert.Equal("pets", response.Subfolder);
        Assert.Equal("input", response.Type);
        Assert.Equal(png, Cloud.State.GetFileContent(response.Name!));
        FakeAsset asset = Assert.Single(Cloud.State.Assets);
        Assert.Equal("cat.png", asset.Name);
        Assert.Equal(new[] { "input" }, asset.Tags);
    }

    [Fact]
    public async Task UploadImage_LeavesOutTheOptionalPartsThatAreNull()
    {
        var body = new UploadImageRequest { Image = new ApiFile(new MemoryStream(TinyPng), "only.png", "image/png") };

        UploadImageResponse response = await Client.UploadImageAsync(body);

        var request = SingleRequest();
        string text = BodyText(request);
        Assert.Equal(new[] { "image" }, MultipartParts(request).Select(p => p.Name));
        Assert.DoesNotContain("name=\"overwrite\"", text);
        Assert.DoesNotContain("name=\"subfolder\"", text);
        Assert.DoesNotContain("name=\"type\"", text);
        Assert.Equal("output", response.Type);
        Assert.Equal(string.Empty, response.Subfolder);
        Assert.Equal(new[] { "output" }, Assert.Single(Cloud.State.Assets).Tags);
    }

    [Fact]
    public async Task UploadImage_ThatIsTooLargeIsA400ErrorResponse()
    {
        var body = new UploadImageRequest { Image = new ApiFile(new MemoryStream(PngHeader(20000, 10)), "huge.png", "image/png") };

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.UploadImageAsync(body));

        Assert.Equal(400, exception.StatusCode);
        Assert.Contains("20000x10", exception.Error.Message);
        Assert.Empty(Cloud.State.Files);
    }

    [Fact]
    public async Task UploadImage_WithoutAKeyIsA401ErrorResponse()
    {
        using var client = ClientWithKey(null);
        var body = new UploadImageRequest { Image = new ApiFile(new MemoryStream(TinyPng), "x.png", "image/png") };

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => client.UploadImageAsync(body));

        Assert.Equal(401, exception.StatusCode);
        var request = SingleRequest();
        AssertNoKeySent(request);
        Assert.True(request.BodyLength > TinyPng.Length);
        Assert.Empty(Cloud.State.Files);
    }

    // ---- uploadMask / getMaskLayers --------------------------------------------------------------

    [Fact]
    public async Task UploadMask_SendsImageAndOriginalRefAndLinksTheLayers()
    {
        UploadImageResponse original = await Client.UploadImageAsync(new UploadImageRequest
        {
            Image = new ApiFile(new MemoryStream(PngWithMarker("original")), "photo.png", "image/png"),
            Type = "input",
        });
        string originalRef = $$"""{"filename":"{{original.Name}}","subfolder":"","type":"input"}""";
        Cloud.ClearRequests();

        byte[] paintBytes = PngWithMarker("paint-layer");
        UploadMaskResponse paint = await Client.UploadMaskAsync(new UploadMaskRequest
        {
            Image = new ApiFile(new MemoryStream(paintBytes), "clipspace-paint-1.png", "image/png"),
            OriginalRef = originalRef,
        });

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/upload/mask");
        AssertKeySent(request);
        var parts = MultipartParts(request);
        Assert.Equal(new[] { "image", "original_ref" }, parts.Select(p => p.Name));
        Assert.Contains("name=\"image\"; filename=\"clipspace-paint-1.png\"", parts[0].Headers);
        Assert.Equal(paintBytes, parts[0].Content);
        Assert.Equal(originalRef, PartText(parts, "original_ref"));

        string originalHex = Path.GetFileNameWithoutExtension(original.Name!);
        Assert.Equal(Cloud.State.AddContent(paintBytes)["blake3:".Length..] + ".png", paint.Name);
        Assert.Equal("output", paint.Type);
        Assert.True(paint.Metadata!.IsMask);
        Assert.Equal("paint", paint.Metadata.MaskType);
        Assert.Equal(originalHex, paint.Metadata.OriginalHash);
        Assert.Null(paint.Metadata.RelatedFiles!.Mask);

        UploadMaskResponse mask = await Client.UploadMaskAsync(new UploadMaskRequest
        {
            Image = new ApiFile(new MemoryStream(PngWithMarker("mask-layer")), "clipspace-mask-1.png", "image/png"),
            OriginalRef = originalRef,
        });

        Assert.Equal("mask", mask.Metadata!.MaskType);
        Assert.Equal(Path.GetFileNameWithoutExtension(paint.Name!), mask.Metadata.RelatedFiles!.Paint);
        Assert.Null(mask.Metadata.RelatedFiles.Painted);
    }

    [Fact]
    public async Task UploadMask_WithAnOriginalRefThatIsNotJsonIsA400ErrorResponse()
    {
        var body = new UploadMaskRequest { Image = new ApiFile(new MemoryStream(TinyPng), "mask.png", "image/png"), OriginalRef = "not json" };

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.UploadMaskAsync(body));

        Assert.Equal(400, exception.StatusCode);
        Assert.Contains("original_ref", exception.Error.Message);
    }

    [Fact]
    public async Task GetMaskLayers_NamesEveryLayerOfTheMask()
    {
        const string OriginalRef = """{"filename":"photo.png","subfolder":"","type":"input"}""";
        UploadMaskResponse mask = await Client.UploadMaskAsync(new UploadMaskRequest
        {
            Image = new ApiFile(new MemoryStream(PngWithMarker("m")), "clipspace-mask-7.png", "image/png"),
            OriginalRef = OriginalRef,
        });
        UploadMaskResponse paintedMasked = await Client.UploadMaskAsync(new UploadMaskRequest
        {
            Image = new ApiFile(new MemoryStream(PngWithMarker("pm")), "clipspace-painted-masked-7.png", "image/png"),
            OriginalRef = OriginalRef,
        });
        Cloud.ClearRequests();

        GetMaskLayersResponse layers = await Client.GetMaskLayersAsync(mask.Name!);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/files/mask-layers", "?filename=" + mask.Name);
        AssertKeySent(request);
        Assert.Equal(mask.Name, layers.Mask);
        Assert.Equal(paintedMasked.Name, layers.PaintedMasked);
        Assert.Null(layers.Paint);
        Assert.Null(layers.Painted);
        Assert.Equal("painted_masked", paintedMasked.Metadata!.MaskType);
    }

    [Fact]
    public async Task GetMaskLayers_OfAFileThatIsNoLayerIsA404ErrorResponse()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetMaskLayersAsync("unknown layer.png"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
        AssertTarget(SingleRequest(), "GET", "/api/files/mask-layers", "?filename=unknown%20layer.png");
    }
}
