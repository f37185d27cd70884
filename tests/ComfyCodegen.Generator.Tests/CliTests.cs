using System;
using System.IO;
using System.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>The command line: check and generate, exit codes and the diagnostic format.</summary>
[Collection("Console")]
public sealed class CliTests
{
    [Fact]
    public void CheckOnTheCloudSpecExitsZero()
    {
        var (code, output) = Run("check", Specs.Cloud.Path);

        Assert.Equal(0, code);
        Assert.Contains("0 compiler errors, 0 compiler warnings", output);
    }

    [Fact]
    public void GenerateWritesExactlyTheFilesOfABuild()
    {
        var directory = Path.Combine(Path.GetTempPath(), "comfy-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _) = Run("generate", Specs.Cloud.Path, "--out", directory, "--namespace", "Comfy.Cloud", "--client-name", "ComfyCloudClient", "--api-key-env", "COMFY_API_KEY");

            Assert.Equal(0, code);
            var expected = GeneratorHost.Run(new[] { Specs.Cloud }).Sources;
            var written = Directory.GetFiles(directory).ToDictionary(file => Path.GetFileName(file), File.ReadAllText);
            Assert.Equal(expected.Keys.OrderBy(k => k), written.Keys.OrderBy(k => k));
            Assert.All(expected, pair => Assert.Equal(pair.Value, written[pair.Key]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void BrokenSpecExitsOneWithLocatedDiagnostic()
    {
        var path = Path.Combine(Path.GetTempPath(), "broken-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, "openapi: 3.0.3\ninfo: {title: t\npaths: {}\n");
        try
        {
            var (code, output) = Run("check", path);

            Assert.Equal(1, code);
            Assert.Contains($"{path}(3,6): error CCG0001:", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadUsageExitsTwo()
    {
        Assert.Equal(2, Run("frobnicate").Code);
        Assert.Equal(2, Run("generate", Specs.Cloud.Path).Code);
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        var original = Console.Out;
        var originalError = Console.Error;
        var writer = new StringWriter();
        Console.SetOut(writer);
        Console.SetError(writer);
        try
        {
            var code = Program.Main(args);
            return (code, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
