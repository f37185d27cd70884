using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Operations;

/// <summary>
/// The user data operations of the Cloud spec through the generated client: getUserdata, getUserdataFile,
/// postUserdataFile, deleteUserdataFile. {file} is one path segment (a slash in a name goes as %2F), and every error
/// of these operations is text/plain in the spec, so it is a plain <see cref="ApiException"/> carrying the text.
/// </summary>
public sealed class UserdataOperationTests : CloudOperationTestBase
{
    private static readonly byte[] WorkflowBytes = Encoding.UTF8.GetBytes("""{"nodes":[],"links":[]}""");

    // ---- postUserdataFile ------------------------------------------------------------------------

    [Fact]
    public async Task PostUserdataFile_StreamsTheBytesToOneEncodedSegmentAndReadsTheFullInfo()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);

        UserDataResponseFull stored = await Client.PostUserdataFileAsync(
            "workflows/a.json", new MemoryStream(WorkflowBytes), overwrite: PostUserdataFileOverwrite.True, fullInfo: PostUserdataFileFullInfo.True);

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/userdata/workflows%2Fa.json", "?overwrite=true&full_info=true");
        AssertKeySent(request);
        Assert.Equal("application/octet-stream", request.Headers["Content-Type"]);
        Assert.Equal(WorkflowBytes, request.Body);
        Assert.Equal(WorkflowBytes.Length, request.BodyLength);
        Assert.Equal("workflows/a.json", stored.Path);
        Assert.Equal(WorkflowBytes.Length, stored.Size);
        Assert.True(stored.Modified >= before && stored.Modified <= DateTimeOffset.UtcNow.AddSeconds(1), $"modified {stored.Modified:O}");
        Assert.Equal(WorkflowBytes, Cloud.State.GetUserdataContent("workflows/a.json"));
    }

    [Fact]
    public async Task PostUserdataFile_WithTheDefaultsAnswersTheSpecsUserDataResponseFull()
    {
        // The spec's only 200 schema for postUserdataFile is UserDataResponseFull (an object), whatever full_info says.
        UserDataResponseFull stored = await Client.PostUserdataFileAsync("settings.json", new MemoryStream(WorkflowBytes));

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/userdata/settings.json");
        Assert.Equal("settings.json", stored.Path);
    }

    [Fact]
    public async Task PostUserdataFile_WithOverwriteFalseOnAnExistingFileIsA409WithATextBody()
    {
        Cloud.State.SetUserdataFile("workflows/a.json", Encoding.UTF8.GetBytes("old"));

        var exception = await Assert.ThrowsAsync<ApiException>(() =>
            Client.PostUserdataFileAsync("workflows/a.json", new MemoryStream(WorkflowBytes), overwrite: PostUserdataFileOverwrite.False, fullInfo: PostUserdataFileFullInfo.False));

        AssertTarget(SingleRequest(), "POST", "/api/userdata/workflows%2Fa.json", "?overwrite=false&full_info=false");
        Assert.Equal(409, exception.StatusCode);
        Assert.Equal("file 'workflows/a.json' already exists", exception.Body);
        Assert.StartsWith("text/plain", exception.Headers["Content-Type"].Single());
        Assert.Null(exception.Error);
        Assert.Equal("old", Encoding.UTF8.GetString(Cloud.State.GetUserdataContent("workflows/a.json")!));
    }

    [Fact]
    public async Task PostUserdataFile_AnUnknownOverwriteValueIsRefusedBeforeSending()
    {
        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Client.PostUserdataFileAsync("a.json", new MemoryStream(WorkflowBytes), overwrite: new PostUserdataFileOverwrite("yes")));

        Assert.Equal("overwrite", exception.ParamName);
        Assert.Empty(Cloud.Requests);
    }

    [Fact]
    public async Task PostUserdataFile_APathWithAnEmptySegmentIsA400WithATextBody()
    {
        var exception = await Assert.ThrowsAsync<ApiException>(() =>
            Client.PostUserdataFileAsync("workflows//a.json", new MemoryStream(WorkflowBytes), fullInfo: PostUserdataFileFullInfo.True));

        Assert.Equal("/api/userdata/workflows%2F%2Fa.json", SingleRequest().Path);
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("invalid file path 'workflows//a.json'", exception.Body);
        Assert.Empty(Cloud.State.UserdataFiles);
    }

    // ---- getUserdataFile -------------------------------------------------------------------------

    [Fact]
    public async Task GetUserdataFile_DownloadsTheBytesOfANameWithASlash()
    {
        Cloud.State.SetUserdataFile("workflows/sub dir/b.json", WorkflowBytes);

        using ApiFileResponse file = await Client.GetUserdataFileAsync("workflows/sub dir/b.json");
        byte[] bytes = await ReadAllAsync(file.Content);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/userdata/workflows%2Fsub%20dir%2Fb.json");
        AssertKeySent(request);
        AssertNoBody(request);
        Assert.Equal(WorkflowBytes, bytes);
        Assert.Equal(200, file.StatusCode);
        Assert.Equal("application/octet-stream", file.ContentType);
        Assert.Equal(WorkflowBytes.Length, file.ContentLength);
    }

    [Fact]
    public async Task GetUserdataFile_OfAnUnknownFileIsA404WithATextBody()
    {
        var exception = await Assert.ThrowsAsync<ApiException>(() => Client.GetUserdataFileAsync("workflows/missing.json"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("file 'workflows/missing.json' not found", exception.Body);
        Assert.StartsWith("text/plain", exception.Headers["Content-Type"].Single());
        Assert.Contains("GET /api/userdata/{file} answered 404", exception.Message);
        Assert.Equal("/api/userdata/workflows%2Fmissing.json", SingleRequest().Path);
    }

    [Fact]
    public async Task GetUserdataFile_WithAWrongKeyIsA401WithATextBody()
    {
        Cloud.State.SetUserdataFile("a.json", WorkflowBytes);
        using var client = ClientWithKey("wrong");

        var exception = await Assert.ThrowsAsync<ApiException>(() => client.GetUserdataFileAsync("a.json"));

        Assert.Equal(401, exception.StatusCode);
        Assert.Equal("invalid API key", exception.Body);
        Assert.DoesNotContain("wrong", exception.Message);
    }

    // ---- getUserdata -----------------------------------------------------------------------------

    [Fact]
    public async Task GetUserdata_ListsADirectoryRecursivelyWithEveryFlagOnTheWire()
    {
        Cloud.State.SetUserdataFile("workflows/a.json", WorkflowBytes);
        Cloud.State.SetUserdataFile("workflows/nested/b.json", Encoding.UTF8.GetBytes("{}"));
        Cloud.State.SetUserdataFile("settings/c.json", Encoding.UTF8.GetBytes("{}"));

        var files = await Client.GetUserdataAsync("workflows/", recurse: true, split: false, fullInfo: true);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/userdata", "?dir=workflows%2F&recurse=true&split=false&full_info=true");
        AssertKeySent(request);
        Assert.Equal(new[] { "a.json", "nested/b.json" }, files.Select(f => f.Path));
        Assert.Equal(new int?[] { WorkflowBytes.Length, 2 }, files.Select(f => f.Size));
        float now = (float)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        // format: float holds a Unix time only to about ±64 s.
        Assert.All(files, f => Assert.InRange(f.Modified!.Value, now - 300, now + 300));
    }

    [Fact]
    public async Task GetUserdata_WithoutRecurseLeavesNestedFilesOut()
    {
        Cloud.State.SetUserdataFile("workflows/a.json", WorkflowBytes);
        Cloud.State.SetUserdataFile("workflows/nested/b.json", WorkflowBytes);

        var files = await Client.GetUserdataAsync("workflows/");

        AssertTarget(SingleRequest(), "GET", "/api/userdata", "?dir=workflows%2F&recurse=false&split=false&full_info=false");
        Assert.Equal("a.json", Assert.Single(files).Path);
    }

    [Fact]
    public async Task GetUserdata_OfAnEmptyDirectoryIsAnEmptyList()
    {
        var files = await Client.GetUserdataAsync("nothing-here/");

        Assert.Empty(files);
    }

    [Fact]
    public async Task GetUserdata_WithADotDotDirectoryIsA400WithATextBody()
    {
        var exception = await Assert.ThrowsAsync<ApiException>(() => Client.GetUserdataAsync("../etc/"));

        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("invalid directory", exception.Body);
        Assert.StartsWith("text/plain", exception.Headers["Content-Type"].Single());
    }

    // ---- deleteUserdataFile ----------------------------------------------------------------------

    [Fact]
    public async Task DeleteUserdataFile_Is204AndRemovesTheFileThenA404WithATextBody()
    {
        Cloud.State.SetUserdataFile("workflows/a.json", WorkflowBytes);

        await Client.DeleteUserdataFileAsync("workflows/a.json");

        var request = SingleRequest();
        AssertTarget(request, "DELETE", "/api/userdata/workflows%2Fa.json");
        AssertKeySent(request);
        AssertNoBody(request);
        Assert.Null(Cloud.State.GetUserdataFile("workflows/a.json"));

        var exception = await Assert.ThrowsAsync<ApiException>(() => Client.DeleteUserdataFileAsync("workflows/a.json"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("file 'workflows/a.json' not found", exception.Body);
    }

    // ---- the round trip --------------------------------------------------------------------------

    [Fact]
    public async Task AFileWrittenCanBeListedReadAndDeleted()
    {
        byte[] content = Encoding.UTF8.GetBytes("""{"id":"round-trip"}""");

        await Client.PostUserdataFileAsync("workflows/round trip.json", new MemoryStream(content), fullInfo: PostUserdataFileFullInfo.True);
        var listed = await Client.GetUserdataAsync("workflows/");
        using (ApiFileResponse file = await Client.GetUserdataFileAsync("workflows/round trip.json"))
        {
            Assert.Equal(content, await ReadAllAsync(file.Content));
        }

        await Client.DeleteUserdataFileAsync("workflows/round trip.json");

        Assert.Equal("round trip.json", Assert.Single(listed).Path);
        Assert.Empty(await Client.GetUserdataAsync("workflows/"));
        Assert.All(
            Cloud.Requests.Where(r => r.Path.StartsWith("/api/userdata/", StringComparison.Ordinal)),
            r => Assert.Equal("/api/userdata/workflows%2Fround%20trip.json", r.Path));
    }
}
