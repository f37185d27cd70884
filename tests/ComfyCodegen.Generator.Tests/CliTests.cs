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

    [Theory]
    [InlineData(CrashingGenerator.Mode.DuplicateHintName, "CS8785")]
    [InlineData(CrashingGenerator.Mode.ThrowWhileGenerating, "CS8785")]
    [InlineData(CrashingGenerator.Mode.ThrowWhileInitializing, "CS8784")]
    public void CheckTreatsAGeneratorCrashAsAFailure(CrashingGenerator.Mode mode, string id)
    {
        // Roslyn reports these as warnings and drops the generator's output: compiling nothing gives no errors.
        var (code, output) = RunWith(new CrashingGenerator(mode), "check", Specs.Cloud.Path);

        Assert.Equal(Program.GeneratorCrashed, code);
        Assert.Contains($"warning {id}:", output);
        Assert.Contains($"error: the generator crashed ({id})", output);
    }

    [Fact]
    public void GenerateWritesNothingWhenTheGeneratorCrashes()
    {
        var directory = Path.Combine(Path.GetTempPath(), "comfy-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output) = RunWith(new CrashingGenerator(CrashingGenerator.Mode.DuplicateHintName), "generate", Specs.Cloud.Path, "--out", directory);

            Assert.Equal(Program.GeneratorCrashed, code);
            Assert.Contains("the generator crashed (CS8785)", output);
            Assert.False(Directory.Exists(directory) && Directory.EnumerateFiles(directory).Any());
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void CheckWarnAsErrorFailsOnACompilerWarningOnly()
    {
        var (lenient, lenientOutput) = RunWith(new WarningGenerator(), "check", Specs.Cloud.Path);
        var (strict, strictOutput) = RunWith(new WarningGenerator(), "check", Specs.Cloud.Path, "--warnaserror");
        var (clean, cleanOutput) = Run("check", Specs.Cloud.Path, "--warnaserror");

        Assert.True(lenient == 0, lenientOutput);
        Assert.Contains("warning CS0168", strictOutput);
        Assert.True(strict == 1, strictOutput);
        Assert.True(clean == 0, cleanOutput);
    }

    [Fact]
    public void CheckCountsTheOperationsGeneratedAgainstTheSpec()
    {
        var (code, output) = Run("check", Specs.Cloud.Path);

        Assert.Equal(0, code);
        Assert.Contains("42 of 42 operations generated", output);
        Assert.DoesNotContain("not generated:", output);
    }

    [Fact]
    public void CheckOnTheCollisionCorpusExitsZero()
    {
        var path = Path.Combine(Path.GetTempPath(), "collisions-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, CollisionTests.Spec(reversed: false));
        try
        {
            var (code, output) = Run("check", path, "--namespace", "Collide", "--client-name", "ComfyCloudClient");

            Assert.True(code == 0, output);
            Assert.Contains("info CCG0008:", output);
            Assert.Contains("0 compiler errors, 0 compiler warnings", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Output) Run(params string[] args) => Capture(() => Program.Main(args));

    private static (int Code, string Output) RunWith(Microsoft.CodeAnalysis.IIncrementalGenerator generator, params string[] args) =>
        Capture(() => Program.Run(args, generator));

    private static (int Code, string Output) Capture(Func<int> run)
    {
        var original = Console.Out;
        var originalError = Console.Error;
        var writer = new StringWriter();
        Console.SetOut(writer);
        Console.SetError(writer);
        try
        {
            var code = run();
            return (code, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
