using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using SampleProgram = ComfyCodegen.Sample.Program;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>
/// The main job's --comfyui mode against the real server, as a user runs it: upload the shipped image, run the shipped
/// LoadImage → ImageInvert → SaveImage workflow, follow /ws, download the output.
/// </summary>
[Collection(ComfyUiCollection.Name)]
public sealed class MainJobTests(ComfyUiServer server) : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "comfy-main-job-local-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task TheMainJobRunsOnALocalComfyUi()
    {
        var (exitCode, output, error) = await RunAsync("--comfyui", server.BaseAddress.AbsoluteUri, "--out", _output);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("ComfyUI 0.3.64 at " + server.BaseAddress, output, StringComparison.Ordinal);
        Assert.Contains("upload local-input.png: 100%", output, StringComparison.Ordinal);
        Assert.Contains("Uploaded local-input.png as local-input", output, StringComparison.Ordinal);
        Assert.Contains("node 2 (ImageInvert): running", output, StringComparison.Ordinal);
        Assert.Contains("node 3 (SaveImage): running", output, StringComparison.Ordinal);
        Assert.Contains("finished; outputs:", output, StringComparison.Ordinal);

        // The output is the shipped input, inverted, pixel for pixel. ComfyUI computes in float (x / 255, then 1 - x)
        // and SaveImage truncates 255 * x to a byte, so a channel may come out one below the exact inverse.
        var input = Png.Decode(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "local-input.png")));
        var file = Assert.Single(Directory.GetFiles(_output));
        Assert.StartsWith("ComfyCodegen_", Path.GetFileName(file), StringComparison.Ordinal);
        var result = Png.Decode(await File.ReadAllBytesAsync(file));
        Assert.Equal((input.Width, input.Height), (result.Width, result.Height));
        for (var y = 0; y < input.Height; y++)
        {
            for (var x = 0; x < input.Width; x++)
            {
                var (r, g, b, _) = input.Pixel(x, y);
                var (outR, outG, outB, _) = result.Pixel(x, y);
                foreach (var (source, inverted) in new[] { (r, outR), (g, outG), (b, outB) })
                {
                    Assert.InRange(255 - source - inverted, 0, 1);
                }
            }
        }
    }

    [Fact]
    public async Task AServerThatIsNotThereIsOneClearLine()
    {
        // A port nothing listens on: the loopback answers with a refusal at once.
        var (exitCode, output, error) = await RunAsync("--comfyui", "http://127.0.0.1:9/", "--out", _output);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Could not reach http://127.0.0.1:9/", line, StringComparison.Ordinal);
        Assert.Contains("Is the server running", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--comfyui", "not-a-url", "--comfyui 'not-a-url' is not an http or https address.")]
    [InlineData("--comfyui", "ftp://host/", "--comfyui 'ftp://host/' is not an http or https address.")]
    [InlineData("--frobnicate", "x", "Unknown option '--frobnicate'.")]
    public async Task ABadArgumentSaysWhatIsWrong(string option, string value, string expected)
    {
        var (exitCode, _, error) = await RunAsync(option, value);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpIsUsageOnStandardOutput()
    {
        var (exitCode, output, error) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--comfyui URL", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var exitCode = await SampleProgram.RunAsync(args, output, error, timeout.Token);
        return (exitCode, output.ToString(), error.ToString());
    }
}
