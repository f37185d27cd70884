using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>The generated source, file by file, against committed snapshots (set COMFY_ACCEPT_SNAPSHOTS=1 to accept changes).</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void CloudClientMatchesSnapshot()
    {
        var run = GeneratorHost.Run(new[] { Specs.Cloud });

        Snapshot.VerifyFiles("Cloud", run.Sources);
    }

    [Fact]
    public void WorkbenchClientMatchesSnapshot()
    {
        var run = GeneratorHost.Run(new[] { Specs.Test("workbench.yaml", "Workbench") });

        Snapshot.VerifyFiles("Workbench", run.Sources);
    }
}
