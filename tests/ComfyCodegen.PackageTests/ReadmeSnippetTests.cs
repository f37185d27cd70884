using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.PackageTests;

/// <summary>
/// A new user's path per package: a fresh net8.0 console app (as <c>dotnet new console</c> makes it: implicit usings,
/// nullable, and warnings as errors on top) on the packed feed, with the README's nuget.config and project lines, and
/// every C# block the README shows for that package, verbatim. It must build; what the package does not need must
/// not come with it.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class ReadmeSnippetTests(PackageFeed packages)
{
    [Fact]
    public void EveryCodeBlockOfTheReadmeIsMarkedForAPackageWeShip()
    {
        var code = packages.Snippets.Where(s => s.Kind == SnippetKind.Code).ToList();
        Assert.All(packages.Snippets.Where(s => s.Package is not null), s => Assert.Contains(s.Package!, PackageFeed.Projects.Keys));
        foreach (var package in PackageFeed.Projects.Keys)
        {
            Assert.Single(packages.Snippets, s => s.Kind == SnippetKind.Project && s.Package == package);
            Assert.Contains(code, s => s.Package == package);
        }

        Assert.True(code.Count >= 10, $"{code.Count} C# blocks");
    }

    [Fact]
    public async Task TheCorePackageAloneBuildsItsSnippetsWithoutMicrosoftExtensions()
    {
        var app = await BuildAsync("core", ["ComfyCodegen"], copySpecs: true);

        var assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        Assert.DoesNotContain("\"Microsoft.Extensions.", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Polly", assets, StringComparison.Ordinal);
        Assert.Contains($"\"ComfyCodegen/{packages.Version}\"", assets, StringComparison.Ordinal);
        var generated = GeneratedFiles(app);
        Assert.Contains(generated, f => f.EndsWith("Comfy.Cloud.ComfyCloudClient.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(generated, f => f.EndsWith(".DependencyInjection.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDependencyInjectionPackageBuildsItsSnippetsAndTurnsAddClientOn()
    {
        var app = await BuildAsync("dependency-injection", ["ComfyCodegen", "ComfyCodegen.DependencyInjection"], copySpecs: true);

        Assert.Contains(GeneratedFiles(app), f => f.EndsWith("Comfy.Cloud.ComfyCloudClient.DependencyInjection.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheWorkflowsPackageBuildsItsSnippetsOnItsOwn()
    {
        var app = await BuildAsync("workflows", ["ComfyCodegen.Workflows"], copySpecs: false);

        // Its clients come compiled: the generator does not run in the user's build.
        Assert.Empty(GeneratedFiles(app));
        var assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        Assert.DoesNotContain("\"Microsoft.Extensions.Http.Resilience", assets, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes the app of <paramref name="packages"/>' project lines and the C# blocks of the last of them, builds it,
    /// and returns its folder.
    /// </summary>
    private async Task<string> BuildAsync(string name, string[] packageIds, bool copySpecs)
    {
        var app = packages.NewProjectFolder(name);
        var lines = string.Concat(packageIds.Select(packages.ProjectLines));
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
            {lines}
            </Project>
            """);
        if (copySpecs)
        {
            Directory.CreateDirectory(Path.Combine(app, "specs"));
            foreach (var spec in Directory.GetFiles(Path.Combine(DotNet.RepositoryRoot(), "specs"), "*.yaml"))
            {
                File.Copy(spec, Path.Combine(app, "specs", Path.GetFileName(spec)));
            }
        }

        File.WriteAllText(Path.Combine(app, "Program.cs"), "Console.WriteLine(\"The README's snippets compiled.\");\n");
        var sources = ReadmeSnippets.ToSources(packages.Snippets.Where(s => s.Package == packageIds[^1]));
        Assert.NotEmpty(sources);
        foreach (var (file, source) in sources)
        {
            File.WriteAllText(Path.Combine(app, file), source);
        }

        var build = await DotNet.RunAsync(app, PackageFeed.Limit, "build", "--disable-build-servers");
        Assert.True(build.ExitCode == 0, $"{string.Join("\n\n", sources.Values)}\n\n{build.Output}");
        Assert.Contains("0 Warning(s)", build.Output);
        return app;
    }

    private static string[] GeneratedFiles(string app)
    {
        var folder = Path.Combine(app, "obj", "Debug", "net8.0", "generated");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.g.cs", SearchOption.AllDirectories) : [];
    }
}
