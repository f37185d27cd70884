using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.PackageTests;

/// <summary>
/// Every package of ours, packed once per test run into a local feed in a temp folder, with a version of its own
/// so that no package cached by an earlier run can stand in for this build.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    /// <summary>The packable projects, by package id.</summary>
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        ["ComfyCodegen"] = "runtime/ComfyCodegen.Runtime/ComfyCodegen.Runtime.csproj",
        ["ComfyCodegen.DependencyInjection"] = "runtime/ComfyCodegen.DependencyInjection/ComfyCodegen.DependencyInjection.csproj",
        ["ComfyCodegen.Workflows"] = "clients/ComfyCodegen.Workflows/ComfyCodegen.Workflows.csproj",
    };

    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "comfy-packages-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(Work, "feed");

    public string Version { get; } = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");

    /// <summary>The README's code blocks.</summary>
    public IReadOnlyList<Snippet> Snippets { get; } = ReadmeSnippets.Read(Path.Combine(DotNet.RepositoryRoot(), "README.md"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var (id, project) in Projects)
        {
            var pack = await DotNet.RunAsync(DotNet.RepositoryRoot(), Limit, "pack", project, "-c", "Release", "-o", Feed, $"-p:Version={Version}", "--disable-build-servers");
            Assert.True(pack.ExitCode == 0, pack.Output);
            Assert.True(File.Exists(Path.Combine(Feed, $"{id}.{Version}.nupkg")), pack.Output);
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A lingering build process may still hold a file; the temp folder is not ours to keep clean at any cost.
        }

        return Task.CompletedTask;
    }

    /// <summary>The path of package <paramref name="id"/> in the feed.</summary>
    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>
    /// A new folder for a project of a user's, with the README's nuget.config, verbatim but for the feed's path.
    /// </summary>
    public string NewProjectFolder(string name)
    {
        var folder = Path.Combine(Work, name);
        Directory.CreateDirectory(folder);
        var config = Snippets.Single(s => s.Kind == SnippetKind.NuGetConfig).Text;
        Assert.Contains("/absolute/path/to/ComfyCodegen/feed", config);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), config.Replace("/absolute/path/to/ComfyCodegen/feed", Feed, StringComparison.Ordinal));
        return folder;
    }

    /// <summary>The README's project lines of <paramref name="package"/>, verbatim but for the version packed here.</summary>
    public string ProjectLines(string package)
    {
        var text = Snippets.Single(s => s.Kind == SnippetKind.Project && s.Package == package).Text;
        Assert.Contains("Version=\"0.1.0\"", text);
        return text.Replace("Version=\"0.1.0\"", $"Version=\"{Version}\"", StringComparison.Ordinal);
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "packages";
}
