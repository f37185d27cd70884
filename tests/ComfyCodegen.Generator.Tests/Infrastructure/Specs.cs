using System;
using System.IO;
using ComfyCodegen.Cli;

namespace ComfyCodegen.Generator.Tests.Infrastructure;

/// <summary>The specs the tests run on: the repository's own (copied beside the test assembly) and small ones of the tests.</summary>
public static class Specs
{
    /// <summary>The Cloud spec as this repository's MSBuild lines set it: the key may come from COMFY_API_KEY.</summary>
    public static SpecFile Cloud => Repo("openapi-cloud.yaml", "Comfy.Cloud", "ComfyCloudClient") with { ApiKeyEnvironmentVariable = "COMFY_API_KEY" };

    public static SpecFile V2 => Repo("comfy-api-v2.yaml", "Comfy.V2", "ComfyApiV2Client");

    public static SpecFile ComfyUi => Repo("comfyui.yaml", "Comfy.Local", "ComfyUiClient");

    public static SpecFile Repo(string fileName, string? ns = null, string? client = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "RepoSpecs", fileName);
        return new SpecFile(path, File.ReadAllText(path), ns, client);
    }

    public static SpecFile Test(string fileName, string? ns = null, string? client = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Specs", fileName);
        return new SpecFile(path, File.ReadAllText(path), ns, client);
    }

    /// <summary>A spec from inline text, under a made-up path.</summary>
    public static SpecFile Inline(string yaml, string name = "inline.yaml", string? ns = "Inline", string? client = "InlineClient") =>
        new("/specs/" + name, yaml, ns, client);
}
