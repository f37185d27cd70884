using System;
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
        try
        {
            var run = await DotNet.RunAsync(DotNet.RepositoryRoot(), TimeSpan.FromMinutes(5), "run", "--project", "samples/ComfyCodegen.Sample", "--", "--out", output);

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("Started a local Comfy-compatible server", run.Output);
            Assert.Contains("upload comfy-sample-input.bin: 100%", run.Output);
            Assert.Contains("Uploaded comfy-sample-input.bin as blake3:", run.Output);
            Assert.Contains("job: in_progress", run.Output);
            Assert.Contains("download ComfyUI_", run.Output);
            var file = Assert.Single(Directory.GetFiles(output));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(file)[..4]);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
