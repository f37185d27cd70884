namespace ComfyCodegen.FakeCloud;

/// <summary>Start-up settings of a <see cref="FakeComfyCloud"/>.</summary>
public sealed class FakeCloudOptions
{
    /// <summary>The value the server expects in the <c>X-API-Key</c> header.</summary>
    public string ApiKey { get; set; } = "test-key";

    /// <summary>When false, operations that the spec secures with ApiKeyAuth accept any (or no) key.</summary>
    public bool RequireApiKey { get; set; } = true;

    /// <summary>How many bytes of each request body are kept in <see cref="RecordedRequest.Body"/>; the rest is only counted.</summary>
    public long MaxRecordedBodyBytes { get; set; } = 1 << 20;
}
