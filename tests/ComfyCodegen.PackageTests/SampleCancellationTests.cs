using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.PackageTests;

/// <summary>Ctrl+C during the main job: the run stops where it is, says so in one line, and leaves no output behind.</summary>
public sealed class SampleCancellationTests
{
    [Fact]
    public async Task CancellingAfterTheUploadStopsTheCloudJob()
    {
        var outputDirectory = Path.Combine(Path.GetTempPath(), "comfy-cancel-" + Guid.NewGuid().ToString("N"));
        using var cancel = new CancellationTokenSource();
        // What Ctrl+C does, at the moment the upload is reported: the job has not run yet.
        var output = new CancellingWriter("Uploaded ", cancel);
        var error = new StringWriter();
        try
        {
            var exitCode = await Sample.Program.RunAsync(["--out", outputDirectory], output, error, cancel.Token);

            Assert.True(exitCode == 1, $"exit {exitCode}\n{output}\n{error}");
            Assert.Equal("Cancelled.", error.ToString().Trim());
            Assert.DoesNotContain("finished; outputs", output.ToString());
            Assert.False(Directory.Exists(outputDirectory) && Directory.GetFiles(outputDirectory).Length > 0, "an output was downloaded after the cancellation");
        }
        finally
        {
            if (Directory.Exists(outputDirectory))
            {
                Directory.Delete(outputDirectory, recursive: true);
            }
        }
    }

    /// <summary>Records what is written and cancels when a line starting with <paramref name="trigger"/> is written.</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(trigger, StringComparison.Ordinal) == true)
            {
                cancel.Cancel();
            }
        }
    }
}
