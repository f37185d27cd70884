using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Operations;

/// <summary>
/// The asset operations of the Cloud spec through the generated client: listAssets, uploadAsset (multipart and JSON),
/// createAssetFromHash, getRemoteAssetMetadata, createAssetDownload, getAssetById, updateAsset, deleteAsset,
/// addAssetTags, removeAssetTags, listTags, getAssetTagHistogram, checkAssetByHash.
/// </summary>
public sealed class AssetOperationTests : CloudOperationTestBase
{
    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("hello asset");

    // ---- uploadAsset (multipart) -----------------------------------------------------------------

    [Fact]
    public async Task UploadAsset_Multipart_SendsEveryPartAndIs201ThenTheSameBytesAre200()
    {
        var id = Guid.NewGuid();
        var previewId = Guid.NewGuid();
        var body = new UploadAssetMultipartRequest
        {
            File = new ApiFile(new MemoryStream(Hello), "hello.txt", "text/plain"),
            Tags = new[] { "Input", "models" },
            Id = id,
            PreviewId = previewId,
            Name = "greeting.txt",
            MimeType = "text/plain",
            UserMetadata = """{"k":"v","n":1}""",
        };

        ApiResponse<AssetCreated> created = await Client.UploadAssetAsync(body);

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/assets");
        AssertKeySent(request);
        var parts = MultipartParts(request);
        Assert.Equal(new[] { "file", "tags", "tags", "id", "preview_id", "name", "mime_type", "user_metadata" }, parts.Select(p => p.Name));
        Assert.Contains("name=\"file\"; filename=\"hello.txt\"", parts[0].Headers);
        Assert.Contains("Content-Type: text/plain", parts[0].Headers);
        Assert.Equal(Hello, parts[0].Content);
        Assert.Equal(new[] { "Input", "models" }, parts.Where(p => p.Name == "tags").Select(p => Encoding.UTF8.GetString(p.Content)));
        Assert.Equal(id.ToString("D"), PartText(parts, "id"));
        Assert.Equal(previewId.ToString("D"), PartText(parts, "preview_id"));
        Assert.Equal("greeting.txt", PartText(parts, "name"));
        Assert.Equal("text/plain", PartText(parts, "mime_type"));
        Assert.Equal("""{"k":"v","n":1}""", PartText(parts, "user_metadata"));

        Assert.Equal(201, created.StatusCode);
        AssetCreated asset = created.Value;
        Assert.True(asset.CreatedNew);
        Assert.Equal(id, asset.Id);
        Assert.Equal("greeting.txt", asset.Name);
        Assert.Equal(Hello.Length, asset.Size);
        Assert.Equal("text/plain", asset.MimeType);
        Assert.Equal(new[] { "input", "models" }, asset.Tags);
        Assert.Equal(previewId, asset.PreviewId);
        Assert.Equal("v", asset.UserMetadata!.Value.GetProperty("k").GetString());
        Assert.Equal(Cloud.State.AddContent(Hello), asset.AssetHash);
        Assert.Equal(Cloud.State.GetAsset(id)!.AssetHash, asset.AssetHash);
        Assert.Contains("application/json", created.Headers["Content-Type"].Single());

        Cloud.ClearRequests();
        ApiResponse<AssetCreated> again = await Client.UploadAssetAsync(new UploadAssetMultipartRequest { File = new ApiFile(new MemoryStream(Hello), "copy.txt") });

        Assert.Equal(200, again.StatusCode);
        Assert.False(again.Value.CreatedNew);
        Assert.Equal(id, again.Value.Id);
        Assert.Equal("greeting.txt", again.Value.Name);
        Assert.Single(Cloud.State.Assets);
    }

    [Fact]
    public async Task UploadAsset_Multipart_LeavesOutTheOptionalPartsThatAreNull()
    {
        var body = new UploadAssetMultipartRequest { File = new ApiFile(new MemoryStream(Hello), "plain.bin") };

        ApiResponse<AssetCreated> created = await Client.UploadAssetAsync(body);

        var request = SingleRequest();
        string text = BodyText(request);
        var parts = MultipartParts(request);
        Assert.Equal(new[] { "file" }, parts.Select(p => p.Name));
        Assert.Contains("Content-Type: application/octet-stream", parts[0].Headers);
        foreach (string absent in new[] { "tags", "id", "preview_id", "name", "mime_type", "user_metadata" })
        {
            Assert.DoesNotContain($"name=\"{absent}\"", text);
        }

        Assert.Equal(201, created.StatusCode);
        Assert.Equal("plain.bin", created.Value.Name);
        Assert.Empty(created.Value.Tags!);
    }

    [Fact]
    public async Task UploadAsset_AnImageIsItsOwnPreview()
    {
        byte[] png = PngWithMarker("asset-image");

        AssetCreated asset = (await Client.UploadAssetAsync(new UploadAssetMultipartRequest
        {
            File = new ApiFile(new MemoryStream(png), "pic.png", "image/png"),
            Tags = new[] { "input" },
        })).Value;

        Assert.Equal(asset.Id, asset.PreviewId);
        string stored = asset.AssetHash!["blake3:".Length..] + ".png";
        Assert.Equal(new Uri(Cloud.BaseAddress, $"api/view?filename={stored}&type=input"), asset.PreviewUrl);
        Assert.Equal(png, Cloud.State.GetFileContent(stored));
    }

    // ---- uploadAsset (JSON) ----------------------------------------------------------------------

    [Fact]
    public async Task UploadAsset_Json_SendsTheUrlFormAndIs201ThenTheSameUrlIs200()
    {
        var previewId = Guid.NewGuid();
        var body = new UploadAssetJsonRequest
        {
            Url = new Uri("https://example.com/models/x.safetensors"),
            Name = "x.safetensors",
            Tags = new[] { "models", "checkpoint" },
            UserMetadata = Json("""{"source":"web"}"""),
            PreviewId = previewId,
        };

        ApiResponse<AssetCreated> created = await Client.UploadAssetAsync(body);

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/assets");
        AssertKeySent(request);
        AssertJsonBody(request, $$"""{"url":"https://example.com/models/x.safetensors","name":"x.safetensors","tags":["models","checkpoint"],"user_metadata":{"source":"web"},"preview_id":"{{previewId:D}}"}""");
        Assert.Equal(201, created.StatusCode);
        Assert.True(created.Value.CreatedNew);
        Assert.Equal("x.safetensors", created.Value.Name);
        Assert.Equal(new[] { "models", "checkpoint" }, created.Value.Tags);
        Assert.Equal("web", created.Value.UserMetadata!.Value.GetProperty("source").GetString());
        Assert.Equal(previewId, created.Value.PreviewId);
        Assert.Equal(Encoding.UTF8.GetByteCount("https://example.com/models/x.safetensors"), created.Value.Size);

        ApiResponse<AssetCreated> again = await Client.UploadAssetAsync(new UploadAssetJsonRequest { Url = body.Url, Name = "other-name.safetensors" });

        Assert.Equal(200, again.StatusCode);
        Assert.False(again.Value.CreatedNew);
        Assert.Equal(created.Value.Id, again.Value.Id);
    }

    [Theory]
    [InlineData("forbidden", 403, "source_forbidden")]
    [InlineData("not-found", 404, "source_not_found")]
    [InlineData("too-large", 413, "file_too_large")]
    [InlineData("timeout", 422, "source_unreachable")]
    public async Task UploadAsset_Json_SourceProblemsAreTheSpecsErrorResponses(string ending, int status, string code)
    {
        var body = new UploadAssetJsonRequest { Url = new Uri("https://example.com/files/" + ending), Name = "x.bin" };

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.UploadAssetAsync(body));

        Assert.Equal(status, exception.StatusCode);
        Assert.Equal(code, exception.Error.Code);
        Assert.Empty(Cloud.State.Assets);
    }

    // ---- createAssetFromHash ---------------------------------------------------------------------

    [Fact]
    public async Task CreateAssetFromHash_BySha256Is201ThenTheSameNameIs200()
    {
        byte[] content = Encoding.UTF8.GetBytes("stored once");
        string blake3 = Cloud.State.AddContent(content);
        string sha256 = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        var body = new CreateAssetFromHashRequest
        {
            Hash = sha256,
            Name = "from-hash.bin",
            Tags = new[] { "models" },
            MimeType = "application/octet-stream",
            UserMetadata = Json("""{"via":"hash"}"""),
        };

        ApiResponse<AssetCreated> created = await Client.CreateAssetFromHashAsync(body);

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/assets/from-hash");
        AssertKeySent(request);
        AssertJsonBody(request, $$$"""{"hash":"{{{sha256}}}","name":"from-hash.bin","tags":["models"],"mime_type":"application/octet-stream","user_metadata":{"via":"hash"}}""");
        Assert.Equal(201, created.StatusCode);
        Assert.True(created.Value.CreatedNew);
        Assert.Equal(blake3, created.Value.AssetHash);
        Assert.Equal(content.Length, created.Value.Size);
        Assert.Equal("hash", created.Value.UserMetadata!.Value.GetProperty("via").GetString());

        ApiResponse<AssetCreated> again = await Client.CreateAssetFromHashAsync(body with { Hash = blake3 });

        Assert.Equal(200, again.StatusCode);
        Assert.False(again.Value.CreatedNew);
        Assert.Equal(created.Value.Id, again.Value.Id);
    }

    [Fact]
    public async Task CreateAssetFromHash_OfUnknownContentIsA404ErrorResponse()
    {
        var body = new CreateAssetFromHashRequest { Hash = "blake3:" + new string('0', 64), Tags = new[] { "input" } };

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.CreateAssetFromHashAsync(body));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
        Assert.Empty(Cloud.State.Assets);
    }

    // ---- checkAssetByHash ------------------------------------------------------------------------

    [Fact]
    public async Task CheckAssetByHash_IsTrueForStoredContentAndFalseOtherwise()
    {
        string known = Cloud.State.AddContent(Hello);
        string unknown = "blake3:" + new string('a', 64);

        bool exists = await Client.CheckAssetByHashAsync(known);
        bool missing = await Client.CheckAssetByHashAsync(unknown);

        Assert.True(exists);
        Assert.False(missing);
        Assert.Equal(2, Cloud.Requests.Count);
        AssertTarget(Cloud.Requests[0], "HEAD", "/api/assets/hash/" + known.Replace(":", "%3A", StringComparison.Ordinal));
        AssertTarget(Cloud.Requests[1], "HEAD", "/api/assets/hash/blake3%3A" + new string('a', 64));
        Assert.All(Cloud.Requests, r =>
        {
            AssertKeySent(r);
            AssertNoBody(r);
        });
    }

    [Fact]
    public async Task CheckAssetByHash_WithAWrongKeyIsA401NotFalse()
    {
        using var client = ClientWithKey("wrong");

        var exception = await Assert.ThrowsAnyAsync<ApiException>(() => client.CheckAssetByHashAsync("blake3:" + new string('b', 64)));

        Assert.Equal(401, exception.StatusCode);
        Assert.Null(exception.Body);
    }

    [Fact]
    public async Task CheckAssetByHash_AHashBreakingThePatternIsRefusedBeforeSending()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Client.CheckAssetByHashAsync("sha256:" + new string('a', 64)));

        Assert.Equal("hash", exception.ParamName);
        Assert.Empty(Cloud.Requests);
    }

    // ---- getRemoteAssetMetadata ------------------------------------------------------------------

    [Fact]
    public async Task GetRemoteAssetMetadata_SendsTheUrlEncodedAndReadsTheMetadata()
    {
        var url = new Uri("https://huggingface.co/org/repo/resolve/main/model.safetensors");

        AssetMetadataResponse metadata = await Client.GetRemoteAssetMetadataAsync(url);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/assets/remote-metadata", "?url=https%3A%2F%2Fhuggingface.co%2Forg%2Frepo%2Fresolve%2Fmain%2Fmodel.safetensors");
        AssertKeySent(request);
        Assert.Equal(6938078334L, metadata.ContentLength);
        Assert.Equal("model.safetensors", metadata.Filename);
        Assert.Equal("model", metadata.Name);
        Assert.Equal("application/octet-stream", metadata.ContentType);
        Assert.Equal(new[] { "models" }, metadata.Tags);
        Assert.StartsWith("data:image/png;base64,", metadata.PreviewImage);
        Assert.True(metadata.Validation!.IsValid);
        Assert.Empty(metadata.Validation.Errors!);
    }

    [Fact]
    public async Task GetRemoteAssetMetadata_OfAnUnsupportedHostReportsAValidationError()
    {
        AssetMetadataResponse metadata = await Client.GetRemoteAssetMetadataAsync(new Uri("https://example.com/a/b.ckpt"));

        Assert.False(metadata.Validation!.IsValid);
        ValidationError error = Assert.Single(metadata.Validation.Errors!);
        Assert.Equal("unsupported_host", error.Code);
        Assert.Equal("url", error.Field);
        Assert.Equal("b.ckpt", metadata.Filename);
    }

    [Fact]
    public async Task GetRemoteAssetMetadata_WhenTheSourceHasNoneIsA422ErrorResponse()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetRemoteAssetMetadataAsync(new Uri("https://civitai.com/api/unavailable")));

        Assert.Equal(422, exception.StatusCode);
        Assert.Equal("metadata_unavailable", exception.Error.Code);
    }

    // ---- createAssetDownload ---------------------------------------------------------------------

    [Fact]
    public async Task CreateAssetDownload_StartsATaskWith202ThenAnswers200WithTheAsset()
    {
        var body = new CreateAssetDownloadRequest
        {
            SourceUrl = new Uri("https://huggingface.co/org/repo/resolve/main/model.safetensors"),
            Tags = new[] { "models", "checkpoint" },
            UserMetadata = Json("""{"from":"hf"}"""),
        };

        CreateAssetDownloadResult started = await Client.CreateAssetDownloadAsync(body);

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/assets/download");
        AssertKeySent(request);
        AssertJsonBody(request, """{"source_url":"https://huggingface.co/org/repo/resolve/main/model.safetensors","tags":["models","checkpoint"],"user_metadata":{"from":"hf"}}""");
        Assert.Equal(202, started.StatusCode);
        Assert.Null(started.Ok);
        AssetDownloadResponse task = Assert.IsType<AssetDownloadResponse>(started.Accepted);
        Assert.NotEqual(Guid.Empty, task.TaskId);
        Assert.Equal(AssetDownloadResponseStatus.Created, task.Status);
        Assert.True(task.Status.IsDefined);
        Assert.Equal("Download of model.safetensors started", task.Message);
        FakeAsset asset = Assert.Single(Cloud.State.Assets);

        CreateAssetDownloadResult again = await Client.CreateAssetDownloadAsync(body);

        Assert.Equal(200, again.StatusCode);
        Assert.Null(again.Accepted);
        AssetCreated existing = Assert.IsType<AssetCreated>(again.Ok);
        Assert.Equal(asset.Id, existing.Id);
        Assert.Equal("model.safetensors", existing.Name);
        Assert.False(existing.CreatedNew);
        Assert.Equal(new[] { "models", "checkpoint" }, existing.Tags);
    }

    [Fact]
    public async Task CreateAssetDownload_FromAnUnsupportedHostIsA400ErrorResponse()
    {
        var body = new CreateAssetDownloadRequest { SourceUrl = new Uri("https://example.com/model.safetensors") };

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.CreateAssetDownloadAsync(body));

        Assert.Equal(400, exception.StatusCode);
        Assert.Contains("example.com", exception.Error.Message);
        AssertJsonBody(SingleRequest(), """{"source_url":"https://example.com/model.safetensors"}""");
    }

    // ---- getAssetById ----------------------------------------------------------------------------

    [Fact]
    public async Task GetAssetById_ReadsEveryFieldOfTheSeededAsset()
    {
        FakeAsset seeded = Cloud.State.SeedAsset("pic.png", PngWithMarker("by-id"), new[] { "Input", "portrait" }, "image/png", """{"rating":5}""", isImmutable: true);

        Asset asset = await Client.GetAssetByIdAsync(seeded.Id);

        var request = SingleRequest();
        AssertTarget(request, "GET", $"/api/assets/{seeded.Id:D}");
        AssertKeySent(request);
        AssertNoBody(request);
        Assert.Equal(seeded.Id, asset.Id);
        Assert.Equal("pic.png", asset.Name);
        Assert.Equal(seeded.AssetHash, asset.AssetHash);
        Assert.Equal(seeded.Size, asset.Size);
        Assert.Equal("image/png", asset.MimeType);
        Assert.Equal(new[] { "input", "portrait" }, asset.Tags);
        Assert.Equal(5, asset.UserMetadata!.Value.GetProperty("rating").GetInt32());
        Assert.Equal(seeded.Id, asset.PreviewId);
        Assert.Null(asset.PromptId);
        Assert.True(asset.IsImmutable);
        AssertCloseTo(seeded.CreatedAt, asset.CreatedAt);
        AssertCloseTo(seeded.UpdatedAt, asset.UpdatedAt);
        Assert.True(asset.LastAccessTime >= asset.CreatedAt);
    }

    [Fact]
    public async Task GetAssetById_OfAnUnknownIdIsA404ErrorResponse()
    {
        var id = Guid.NewGuid();

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetAssetByIdAsync(id));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
        Assert.Contains(id.ToString("D"), exception.Error.Message);
        Assert.Contains(exception.Error.Message, exception.Body);
    }

    // ---- updateAsset -----------------------------------------------------------------------------

    [Fact]
    public async Task UpdateAsset_PutsTheChangedFieldsAndReturnsTheUpdatedAsset()
    {
        FakeAsset seeded = Cloud.State.SeedAsset("old.bin", Hello, new[] { "input" });
        var body = new UpdateAssetRequest
        {
            Name = "renamed.bin",
            Tags = new[] { "Models", "lora" },
            MimeType = "application/x-lora",
            UserMetadata = Json("""{"x":1}"""),
        };

        AssetUpdated updated = await Client.UpdateAssetAsync(seeded.Id, body);

        var request = SingleRequest();
        AssertTarget(request, "PUT", $"/api/assets/{seeded.Id:D}");
        AssertKeySent(request);
        AssertJsonBody(request, """{"name":"renamed.bin","tags":["Models","lora"],"mime_type":"application/x-lora","user_metadata":{"x":1}}""");
        Assert.Equal(seeded.Id, updated.Id);
        Assert.Equal("renamed.bin", updated.Name);
        Assert.Equal(new[] { "models", "lora" }, updated.Tags);
        Assert.Equal("application/x-lora", updated.MimeType);
        Assert.Equal(1, updated.UserMetadata!.Value.GetProperty("x").GetInt32());
        Assert.Equal(seeded.AssetHash, updated.AssetHash);
        Assert.True(updated.UpdatedAt >= seeded.UpdatedAt);
        FakeAsset after = Cloud.State.GetAsset(seeded.Id)!;
        Assert.Equal("renamed.bin", after.Name);
        Assert.Equal(new[] { "models", "lora" }, after.Tags);
    }

    [Fact]
    public async Task UpdateAsset_OfAnUnknownIdIsA404ErrorResponse()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.UpdateAssetAsync(Guid.NewGuid(), new UpdateAssetRequest { Name = "x" }));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
    }

    [Fact]
    public async Task UpdateAsset_WithNoFieldIsRefusedBeforeSending()
    {
        FakeAsset seeded = Cloud.State.SeedAsset("same.bin", Hello);
        Cloud.ClearRequests();

        // The spec's minProperties: 1 on the body is checked client-side.
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Client.UpdateAssetAsync(seeded.Id, new UpdateAssetRequest()));

        Assert.Equal("body", exception.ParamName);
        Assert.Contains("at least 1 (minProperties)", exception.Message);
        Assert.Empty(Cloud.Requests);
        Assert.Equal("same.bin", Cloud.State.GetAsset(seeded.Id)!.Name);
    }

    // ---- deleteAsset -----------------------------------------------------------------------------

    [Fact]
    public async Task DeleteAsset_Is204ThenTheAssetAndItsContentAreGone()
    {
        AssetCreated asset = (await Client.UploadAssetAsync(new UploadAssetMultipartRequest { File = new ApiFile(new MemoryStream(Hello), "doomed.txt") })).Value;
        Assert.True(await Client.CheckAssetByHashAsync(asset.AssetHash!));
        Cloud.ClearRequests();

        await Client.DeleteAssetAsync(asset.Id);

        var request = SingleRequest();
        AssertTarget(request, "DELETE", $"/api/assets/{asset.Id:D}");
        AssertKeySent(request);
        AssertNoBody(request);
        Assert.Null(Cloud.State.GetAsset(asset.Id));
        Assert.False(await Client.CheckAssetByHashAsync(asset.AssetHash!));
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetAssetByIdAsync(asset.Id));
        Assert.Equal(404, exception.StatusCode);
    }

    [Fact]
    public async Task DeleteAsset_OfAnUnknownIdIsA404ErrorResponse()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.DeleteAssetAsync(Guid.NewGuid()));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
    }

    // ---- addAssetTags / removeAssetTags ----------------------------------------------------------

    [Fact]
    public async Task AddAssetTags_ReportsAddedAndAlreadyPresent()
    {
        FakeAsset seeded = Cloud.State.SeedAsset("t.bin", Hello, new[] { "input" });

        TagsModificationResponse response = await Client.AddAssetTagsAsync(seeded.Id, new AddAssetTagsRequest { Tags = new[] { "input", "Portrait" } });

        var request = SingleRequest();
        AssertTarget(request, "POST", $"/api/assets/{seeded.Id:D}/tags");
        AssertKeySent(request);
        AssertJsonBody(request, """{"tags":["input","Portrait"]}""");
        Assert.Equal(new[] { "portrait" }, response.Added);
        Assert.Equal(new[] { "input" }, response.AlreadyPresent);
        Assert.Null(response.Removed);
        Assert.Equal(new[] { "input", "portrait" }, response.TotalTags);
        Assert.Equal(new[] { "input", "portrait" }, Cloud.State.GetAsset(seeded.Id)!.Tags);
    }

    [Fact]
    public async Task RemoveAssetTags_SendsItsBodyWithTheDeleteAndReportsRemovedAndNotPresent()
    {
        FakeAsset seeded = Cloud.State.SeedAsset("t.bin", Hello, new[] { "input", "portrait" });

        TagsModificationResponse response = await Client.RemoveAssetTagsAsync(seeded.Id, new RemoveAssetTagsRequest { Tags = new[] { "portrait", "missing" } });

        var request = SingleRequest();
        AssertTarget(request, "DELETE", $"/api/assets/{seeded.Id:D}/tags");
        AssertKeySent(request);
        AssertJsonBody(request, """{"tags":["portrait","missing"]}""");
        Assert.Equal(new[] { "portrait" }, response.Removed);
        Assert.Equal(new[] { "missing" }, response.NotPresent);
        Assert.Null(response.Added);
        Assert.Equal(new[] { "input" }, response.TotalTags);
        Assert.Equal(new[] { "input" }, Cloud.State.GetAsset(seeded.Id)!.Tags);
    }

    [Fact]
    public async Task AddAndRemoveAssetTags_OfAnUnknownIdAre404ErrorResponses()
    {
        var id = Guid.NewGuid();

        var add = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.AddAssetTagsAsync(id, new AddAssetTagsRequest { Tags = new[] { "x" } }));
        var remove = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.RemoveAssetTagsAsync(id, new RemoveAssetTagsRequest { Tags = new[] { "x" } }));

        Assert.Equal(404, add.StatusCode);
        Assert.Equal(404, remove.StatusCode);
        Assert.Equal("not_found", add.Error.Code);
        Assert.Equal("not_found", remove.Error.Code);
    }

    // ---- listAssets ------------------------------------------------------------------------------

    [Fact]
    public async Task ListAssets_SendsEveryFilterAndReturnsTheMatchingPage()
    {
        Cloud.State.SeedAsset("cat-b.png", PngWithMarker("1"), new[] { "input", "portrait" }, userMetadataJson: """{"k":1}""");
        Cloud.State.SeedAsset("cat-a.png", PngWithMarker("2"), new[] { "input", "portrait" }, userMetadataJson: """{"k":1}""");
        Cloud.State.SeedAsset("cat-temp.png", PngWithMarker("3"), new[] { "input", "portrait", "temp" }, userMetadataJson: """{"k":1}""");
        Cloud.State.SeedAsset("dog.png", PngWithMarker("4"), new[] { "input", "portrait" }, userMetadataJson: """{"k":1}""");
        Cloud.State.SeedAsset("cat-other.png", PngWithMarker("5"), new[] { "input", "portrait" }, userMetadataJson: """{"k":2}""");
        Cloud.State.SeedAsset("cat-untagged.png", PngWithMarker("6"), new[] { "input" }, userMetadataJson: """{"k":1}""");

        ListAssetsResponse page = await Client.ListAssetsAsync(
            includeTags: new[] { "input", "portrait" },
            excludeTags: new[] { "temp" },
            nameContains: "CAT",
            metadataFilter: """{"k":1}""",
            limit: 1,
            offset: 0,
            sort: ListAssetsSort.Name,
            order: ListAssetsOrder.Asc,
            includePublic: false);

        var request = SingleRequest();
        AssertTarget(
            request,
            "GET",
            "/api/assets",
            "?include_tags=input,portrait&exclude_tags=temp&name_contains=CAT&metadata_filter=%7B%22k%22%3A1%7D&limit=1&offset=0&sort=name&order=asc&include_public=false");
        AssertKeySent(request);
        Asset only = Assert.Single(page.Assets);
        Assert.Equal("cat-a.png", only.Name);
        Assert.Equal(2, page.Total);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task ListAssets_DefaultsAreTheSpecsAndListNewestFirst()
    {
        FakeAsset older = Cloud.State.SeedAsset("older.bin", Encoding.UTF8.GetBytes("1"));
        FakeAsset newer = Cloud.State.SeedAsset("newer.bin", Encoding.UTF8.GetBytes("2"));

        ListAssetsResponse page = await Client.ListAssetsAsync();

        AssertTarget(SingleRequest(), "GET", "/api/assets", "?limit=20&offset=0&include_public=true");
        Assert.Equal(new[] { newer.Id, older.Id }, page.Assets.Select(a => a.Id));
        Assert.Equal(2, page.Total);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task ListAssets_AMetadataFilterThatIsNotJsonIsA400ErrorResponse()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.ListAssetsAsync(metadataFilter: "{not json"));

        Assert.Equal(400, exception.StatusCode);
        Assert.Contains("metadata_filter", exception.Error.Message);
    }

    // ---- listTags --------------------------------------------------------------------------------

    [Fact]
    public async Task ListTags_WithIncludeZeroListsKnownButUnusedTags()
    {
        Cloud.State.SeedAsset("a.bin", Hello, new[] { "output" });
        Cloud.State.AddTag("Outdoor");

        ListTagsResponse page = await Client.ListTagsAsync(prefix: "out", limit: 10, offset: 0, order: ListTagsOrder.CountDesc, includeZero: true, includePublic: false);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/tags", "?prefix=out&limit=10&offset=0&order=count_desc&include_zero=true&include_public=false");
        AssertKeySent(request);
        Assert.Equal(new[] { ("output", 1), ("outdoor", 0) }, page.Tags.Select(t => (t.Name, t.Count)));
        Assert.Equal(2, page.Total);
        Assert.False(page.HasMore);
    }

    // ---- getAssetTagHistogram --------------------------------------------------------------------

    [Fact]
    public async Task GetAssetTagHistogram_CountsTagsOverTheFilteredAssets()
    {
        Cloud.State.SeedAsset("cat-1.png", PngWithMarker("h1"), new[] { "input", "portrait" });
        Cloud.State.SeedAsset("cat-2.png", PngWithMarker("h2"), new[] { "input", "landscape" });
        Cloud.State.SeedAsset("cat-3.png", PngWithMarker("h3"), new[] { "input", "portrait", "temp" });
        Cloud.State.SeedAsset("dog-1.png", PngWithMarker("h4"), new[] { "input", "portrait" });

        AssetTagHistogramResponse histogram = await Client.GetAssetTagHistogramAsync(
            includeTags: new[] { "input" },
            excludeTags: new[] { "temp", "landscape" },
            nameContains: "cat",
            limit: 10,
            includePublic: true);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/assets/tags/refine", "?include_tags=input&exclude_tags=temp,landscape&name_contains=cat&limit=10&include_public=true");
        AssertKeySent(request);
        Assert.Equal(2, histogram.TagCounts.Count);
        Assert.Equal(1, histogram.TagCounts["input"]);
        Assert.Equal(1, histogram.TagCounts["portrait"]);
    }

    [Fact]
    public async Task GetAssetTagHistogram_DefaultsAreTheSpecs()
    {
        Cloud.State.SeedAsset("x.bin", Hello, new[] { "input", "portrait" });
        Cloud.State.SeedAsset("y.bin", Encoding.UTF8.GetBytes("y"), new[] { "input" });

        AssetTagHistogramResponse histogram = await Client.GetAssetTagHistogramAsync();

        AssertTarget(SingleRequest(), "GET", "/api/assets/tags/refine", "?limit=100&include_public=true");
        Assert.Equal(2, histogram.TagCounts["input"]);
        Assert.Equal(1, histogram.TagCounts["portrait"]);
    }
}
