using System;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>Request bodies are checked against the spec too, before anything is sent.</summary>
public sealed class BodyValidationTests : IAsyncLifetime
{
    private FakeComfyCloud _cloud = null!;
    private ComfyCloudClient _client = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeComfyCloud.StartAsync();
        _client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = _cloud.BaseAddress, ApiKey = _cloud.ApiKey });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task TooFewItemsInABodyArrayIsRejected()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => _client.AddAssetTagsAsync(Guid.NewGuid(), new AddAssetTagsRequest { Tags = Array.Empty<string>() }));

        Assert.Equal("body.tags", exception.ParamName);
        Assert.Contains("at least 1 (minItems)", exception.Message);
        Assert.Empty(_cloud.Requests);
    }

    [Fact]
    public async Task ABodyStringBreakingItsPatternIsRejected()
    {
        var body = new CreateAssetFromHashRequest { Hash = "md5:abc", Tags = new[] { "input" } };

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => _client.CreateAssetFromHashAsync(body));

        Assert.Equal("body.hash", exception.ParamName);
        Assert.Contains("\"md5:abc\"", exception.Message);
        Assert.Contains("^(blake3|sha256):[a-f0-9]{64}$", exception.Message);
        Assert.Empty(_cloud.Requests);
    }

    [Fact]
    public async Task ANullRequiredMemberIsRejected()
    {
        var body = new CreateAssetFromHashRequest { Hash = "blake3:" + new string('a', 64), Tags = null! };

        var exception = await Assert.ThrowsAsync<ArgumentNullException>(() => _client.CreateAssetFromHashAsync(body));

        Assert.Equal("body.tags", exception.ParamName);
        Assert.Empty(_cloud.Requests);
    }

    [Fact]
    public async Task ANullBodyIsRejected()
    {
        var exception = await Assert.ThrowsAsync<ArgumentNullException>(() => _client.CreateAssetFromHashAsync(null!));

        Assert.Equal("body", exception.ParamName);
        Assert.Empty(_cloud.Requests);
    }

    [Fact]
    public async Task AValidBodyIsSentAsTheSpecsJson()
    {
        var content = System.Text.Encoding.UTF8.GetBytes("known bytes");
        var hash = _cloud.State.AddContent(content);
        var body = new CreateAssetFromHashRequest { Hash = hash, Name = "known.bin", Tags = new[] { "input" }, MimeType = "application/octet-stream" };

        var created = await _client.CreateAssetFromHashAsync(body);

        var request = Assert.Single(_cloud.Requests);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal(
            $$"""{"hash":"{{hash}}","name":"known.bin","tags":["input"],"mime_type":"application/octet-stream"}""",
            System.Text.Encoding.UTF8.GetString(request.Body));
        Assert.Equal(201, created.StatusCode);
        Assert.Equal("known.bin", created.Value.Name);
        Assert.True(created.Value.CreatedNew);
    }
}
