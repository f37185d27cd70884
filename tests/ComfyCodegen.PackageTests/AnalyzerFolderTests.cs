using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using ComfyCodegen.Cli;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.PackageTests;

/// <summary>
/// The packed generator loads from its analyzer folder alone. Visual Studio and MSBuild.exe run the compiler on .NET
/// Framework, where nothing beyond Roslyn and the .NET Standard facades is supplied: every other assembly the
/// generator needs must be in analyzers/dotnet/cs. This loads it in a context that resolves only that folder and what
/// such a host provides, runs it on specs, and compares its output with the generator the repository builds.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class AnalyzerFolderTests(PackageFeed packages)
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";

    /// <summary>
    /// What every compiler host gives an analyzer: Roslyn's API assemblies and the assemblies its types are made of,
    /// and the facades a netstandard2.0 assembly binds to.
    /// </summary>
    private static readonly HashSet<string> HostProvided = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "System.Collections.Immutable", "System.Reflection.Metadata",
        "netstandard", "mscorlib",
    };

    private const string JsonSpec = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Json", "version": "1" },
          "paths": {
            "/things/{id}": {
              "get": {
                "operationId": "getThing",
                "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 8 } } ],
                "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } }
              }
            }
          },
          "components": { "schemas": { "Thing": { "type": "object", "required": [ "name" ], "properties": { "name": { "type": "string" }, "kind": { "enum": [ "a", "b" ] } } } } }
        }
        """;

    [Fact]
    public void ThePackedGeneratorRunsFromItsFolderAloneAndWritesWhatTheBuiltOneWrites()
    {
        var folder = Path.Combine(packages.Work, "analyzer-folder");
        using (var package = ZipFile.OpenRead(packages.Package("ComfyCodegen")))
        {
            foreach (var entry in package.Entries.Where(e => e.FullName.StartsWith(AnalyzerFolder, StringComparison.Ordinal) && e.Name.Length > 0))
            {
                Directory.CreateDirectory(folder);
                entry.ExtractToFile(Path.Combine(folder, entry.Name));
            }
        }

        Assert.True(File.Exists(Path.Combine(folder, "ComfyCodegen.Generator.dll")), "the package has no generator");
        var context = new AnalyzerFolderContext(folder);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(folder, "ComfyCodegen.Generator.dll"));
            var generatorType = assembly.GetExportedTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t));
            var generator = (IIncrementalGenerator)Activator.CreateInstance(generatorType)!;
            var root = DotNet.RepositoryRoot();
            var specs = new[]
            {
                new SpecFile(Path.Combine(root, "specs", "openapi-cloud.yaml"), File.ReadAllText(Path.Combine(root, "specs", "openapi-cloud.yaml")), "Comfy.Cloud", "ComfyCloudClient", "COMFY_API_KEY"),
                new SpecFile(Path.Combine(root, "specs", "comfyui.yaml"), File.ReadAllText(Path.Combine(root, "specs", "comfyui.yaml")), "Comfy.Local", "ComfyUiClient"),
                new SpecFile("/specs/json.json", JsonSpec, "Json", "JsonClient"),
            };

            var isolated = GeneratorHost.Run(specs, generator);
            var built = GeneratorHost.Run(specs);

            Assert.True(context.Refused.IsEmpty, "the generator asked for assemblies its folder lacks: " + string.Join(", ", context.Refused));
            Assert.DoesNotContain(isolated.Diagnostics, GeneratorHost.IsCrash);
            Assert.Equal(built.Diagnostics.Select(d => d.ToString()), isolated.Diagnostics.Select(d => d.ToString()));
            Assert.Equal(built.Sources.Keys.Order(), isolated.Sources.Keys.Order());
            Assert.All(built.Sources, pair => Assert.Equal(pair.Value, isolated.Sources[pair.Key]));
            Assert.Contains("Json.JsonClient.g.cs", isolated.Sources.Keys);

            // The reader's JSON came from the folder (System.Text.Json 8 for netstandard2.0), not from this .NET.
            var json = context.Assemblies.Single(a => a.GetName().Name == "System.Text.Json");
            Assert.StartsWith(folder, json.Location, StringComparison.Ordinal);
            Assert.Equal(8, json.GetName().Version!.Major);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Resolves the analyzer folder's assemblies itself, leaves what a host provides to the host, and records any other request.</summary>
    private sealed class AnalyzerFolderContext(string folder) : AssemblyLoadContext("analyzer folder", isCollectible: true)
    {
        public ConcurrentQueue<string> Refused { get; } = new();

        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            if (File.Exists(path))
            {
                return LoadFromAssemblyPath(path);
            }

            if (!HostProvided.Contains(name.Name ?? string.Empty))
            {
                Refused.Enqueue(name.FullName);
            }

            // The host's: Roslyn and the framework this test runs on.
            return null;
        }
    }
}
