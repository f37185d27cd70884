using System;
using System.Text.Json;
using Comfy.Cloud;
using Comfy.Cloud.Serialization;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>A required member that is missing or null ends the read with a message that names it and its schema.</summary>
public sealed class RequiredMemberTests
{
    private const string Complete = """
        {"id":"6f1c2b0e-0000-4000-8000-000000000001","name":"a.png","size":3,"created_at":"2026-12-03T10:00:00+00:00",
         "updated_at":"2026-12-03T10:00:00+00:00","created_new":true}
        """;

    [Fact]
    public void ACompleteObjectReads()
    {
        var asset = JsonSerializer.Deserialize(Complete, ComfyCloudClientJsonTypeInfoResolver.Options.GetTypeInfo(typeof(AssetCreated)));

        var created = Assert.IsType<AssetCreated>(asset);
        Assert.Equal(Guid.Parse("6f1c2b0e-0000-4000-8000-000000000001"), created.Id);
        Assert.Equal("a.png", created.Name);
        Assert.Equal(3, created.Size);
        Assert.True(created.CreatedNew);
    }

    [Theory]
    [InlineData("\"name\":\"a.png\",", "", "The required property 'name' of AssetCreated is missing.")]
    [InlineData("\"name\":\"a.png\",", "\"name\":null,", "The property 'name' of AssetCreated is null, but the spec does not allow null.")]
    [InlineData("\"id\":\"6f1c2b0e-0000-4000-8000-000000000001\",", "", "The required property 'id' of AssetCreated is missing.")]
    [InlineData("\"id\":\"6f1c2b0e-0000-4000-8000-000000000001\",", "\"id\":null,", "The property 'id' of AssetCreated is null, but the spec does not allow null.")]
    [InlineData("\"size\":3,", "\"size\":null,", "The property 'size' of AssetCreated is null, but the spec does not allow null.")]
    public void AMissingOrNullRequiredMemberIsNamed(string member, string replacement, string message)
    {
        var json = Complete.Replace(member, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Complete, json);

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ComfyCloudClientJsonTypeInfoResolver.Options.GetTypeInfo(typeof(AssetCreated))));

        Assert.Equal(message, exception.Message);
    }
}
