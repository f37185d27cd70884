using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.PackageTests;

/// <summary>
/// The path a user takes: pack the package into a local feed, create a fresh project that adds it by
/// PackageReference with one spec line, build and run; add an operation to the spec and build — the method
/// exists; build again with nothing changed — nothing is compiled again.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class PackAndConsumeTests(PackageFeed packages)
{
    private static readonly TimeSpan Limit = PackageFeed.Limit;

    [Fact]
    public async Task PackConsumeEditRebuild()
    {
        var app = packages.NewProjectFolder("edit-rebuild");
        var version = packages.Version;
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <IsAotCompatible>true</IsAotCompatible>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ComfyCodegen" Version="{version}" />
                <ComfyOpenApi Include="tiny.yaml" Namespace="Tiny" ClientName="TinyClient" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System;
            using System.Linq;
            foreach (var name in typeof(Tiny.ITinyClient).GetMethods().Select(m => m.Name).OrderBy(n => n))
            {
                Console.WriteLine("method " + name);
            }

            using var client = new Tiny.TinyClient(new ComfyCodegen.Runtime.ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:9/") });
            try
            {
                await client.ListThingsAsync(limit: 0);
            }
            catch (ArgumentOutOfRangeException exception)
            {
                Console.WriteLine("rejected " + exception.ParamName);
            }
            """);
        const string Spec = """
            openapi: 3.0.3
            info:
              title: Tiny
              version: '1'
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - name: limit
                      in: query
                      schema:
                        type: integer
                        minimum: 1
                  responses:
                    '204':
                      description: none
            """;
        var spec = Path.Combine(app, "tiny.yaml");
        File.WriteAllText(spec, Spec);

        var first = await DotNet.RunAsync(app, Limit, "build", "--disable-build-servers");
        Assert.True(first.ExitCode == 0, first.Output);
        var run = await DotNet.RunAsync(app, Limit, "run", "--no-build");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("method ListThingsAsync", run.Output);
        Assert.DoesNotContain("method PingAsync", run.Output);
        Assert.Contains("rejected limit", run.Output);

        File.WriteAllText(spec, Spec + """

              /ping:
                get:
                  operationId: ping
                  responses:
                    '204':
                      description: pong
            """);
        var second = await DotNet.RunAsync(app, Limit, "build", "--disable-build-servers");
        Assert.True(second.ExitCode == 0, second.Output);
        run = await DotNet.RunAsync(app, Limit, "run", "--no-build");
        Assert.Contains("method PingAsync", run.Output);

        var assembly = Path.Combine(app, "bin", "Debug", "net10.0", "App.dll");
        var written = File.GetLastWriteTimeUtc(assembly);
        var third = await DotNet.RunAsync(app, Limit, "build", "--disable-build-servers", "-v:n");
        Assert.True(third.ExitCode == 0, third.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(assembly));
        Assert.Contains("Skipping target \"CoreCompile\" because all output files are up-to-date", third.Output);
    }
}
