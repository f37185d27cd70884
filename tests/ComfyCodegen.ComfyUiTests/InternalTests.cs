using System;
using System.Linq;
using System.Threading.Tasks;
using Comfy.Local;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>The /internal routes: folders, files, the log (as one string and raw), log streaming.</summary>
public sealed class InternalTests : ComfyUiTestBase
{
    public InternalTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task FolderPathsAreListsOfDirectories()
    {
        var paths = await Client.GetInternalFolderPathsAsync();
        Assert.Contains(paths["checkpoints"], p => p.EndsWith("/output/checkpoints", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLogIsReadAsTextNotAsEscapedJson()
    {
        var log = await Client.GetInternalLogsAsync();
        Assert.Contains("Setting output directory to:", log);
        Assert.Contains("\n", log); // a real line break, not the two characters \n of the JSON text
        Assert.False(log.StartsWith('"'));
    }

    [Fact]
    public async Task TheRawLogHasTimedEntriesAndATerminalSize()
    {
        var raw = await Client.GetInternalLogsRawAsync();
        var first = raw.Entries!.First();
        Assert.True(DateTime.TryParse(first.T, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _), first.T);
        Assert.False(string.IsNullOrEmpty(first.M));
        Assert.True(raw.Size!.Cols > 0);
    }

    [Fact]
    public async Task LogStreamingIsSwitchedOnAndOff()
    {
        await Client.SubscribeToLogsAsync(new SubscribeToLogsRequest { ClientId = "contract-tests", Enabled = true });
        await Client.SubscribeToLogsAsync(new SubscribeToLogsRequest { ClientId = "contract-tests", Enabled = false });
    }

    [Fact]
    public async Task FilesOfTheOutputFolderAreListedNewestFirst()
    {
        var prefix = Workflows.UniquePrefix("files");
        var (_, entry) = await Workflows.RunAsync(Client, Workflows.Prompt($$"""
            {
              "1": { "class_type": "EmptyImage", "inputs": { "width": 8, "height": 8, "batch_size": 1, "color": 7 } },
              "2": { "class_type": "SaveImage", "inputs": { "images": ["1", 0], "filename_prefix": "{{prefix}}" } }
            }
            """));
        var saved = Assert.Single(Workflows.Images(entry, "2"));

        var files = await Client.ListInternalFilesAsync(ListInternalFilesDirectoryType.Output);
        Assert.Equal(saved.Filename, files[0]);
    }
}
