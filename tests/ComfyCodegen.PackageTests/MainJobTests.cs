using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.PackageTests;

/// <summary>The README's main-job command, as a newcomer runs it: upload, run a workflow, download its outputs, with progress.</summary>
public sealed class MainJobTests
{
    [Fact]
    public async Task TheMainJobRunsAgainstTheEmbeddedServer()
    {
        var output = Path.Combine(Path.GetTempPath(), "comfy-main-job-" + Guid.NewGuid().ToString("N"));
        // A temp folder of the job's own, to see that the generated 8 MiB input does not stay behind.
        var temp = Path.Combine(Path.GetTempPath(), "comfy-main-job-temp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var run = await DotNet.RunAsync(DotNet.RepositoryRoot(), TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["TMPDIR"] = temp + "/" }, "run", "--project", "samples/ComfyCodegen.Sample", "--", "--out", output);

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("Started a local Comfy-compatible server", run.Output);
            Assert.Contains("upload comfy-sample-input.bin: 100%", run.Output);
            Assert.Contains("Uploaded comfy-sample-input.bin as blake3:", run.Output);
            Assert.Contains("job: in_progress", run.Output);
            Assert.Contains("download ComfyUI_", run.Output);
            var file = Assert.Single(Directory.GetFiles(output));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(file)[..4]);
            Assert.Empty(Directory.GetFileSystemEntries(temp, "comfy-sample*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
