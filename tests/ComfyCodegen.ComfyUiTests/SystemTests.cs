using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>The server's own description of itself.</summary>
public sealed class SystemTests : ComfyUiTestBase
{
    public SystemTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task SystemStatsNameTheRunningServer()
    {
        var stats = await Client.GetSystemStatsAsync();
        Assert.Equal("0.3.64", stats.System.ComfyuiVersion);
    }
}
