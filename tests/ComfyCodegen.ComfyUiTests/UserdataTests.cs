using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Comfy.Local;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>User data files round-trip: write, list (three shapes), read, move, refuse to overwrite, delete; users.</summary>
public sealed class UserdataTests : ComfyUiTestBase
{
    public UserdataTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task AUserdataFileRoundTrips()
    {
        var dir = "contract-" + Guid.NewGuid().ToString("N");
        var content = Encoding.UTF8.GetBytes("""{ "nodes": [] }""");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        // Written: the answer is the path as a JSON string. A slash in the path parameter is sent encoded.
        var written = await Client.PostUserdataFileAsync($"{dir}/a.json", new MemoryStream(content));
        Assert.Equal($"{dir}/a.json", written.AsString);
        var nested = await Client.PostUserdataFileAsync($"{dir}/sub/b.json", new MemoryStream(content), fullInfo: PostUserdataFileFullInfo.True);
        Assert.Equal($"{dir}/sub/b.json", nested.AsUserDataResponseFull!.Path);
        Assert.Equal(content.Length, nested.AsUserDataResponseFull.Size);

        // Listed: strings by default, details with full_info (modified in float seconds), segments with split.
        var names = await Client.GetUserdataAsync(dir, recurse: true);
        Assert.Equal(["a.json", "sub/b.json"], names.Select(n => n.AsString).Order());
        var details = await Client.GetUserdataAsync(dir, fullInfo: true);
        var detail = Assert.Single(details).AsGetUserDataResponseFullFile!;
        Assert.Equal("a.json", detail.Path);
        Assert.Equal(content.Length, detail.Size);
        Assert.InRange(detail.Modified!.Value, before - 5, before + 600);
        var split = await Client.GetUserdataAsync(dir, recurse: true, split: true);
        Assert.Contains(split, s => s.AsStringList!.SequenceEqual(["sub/b.json", "sub", "b.json"]));

        var entries = await Client.ListUserdataEntriesAsync(dir);
        Assert.Equal(["sub", "a.json", "b.json"], entries.Select(e => e.Name));
        Assert.Equal("directory", entries[0].Type);
        Assert.Equal("file", entries[1].Type);
        Assert.Equal($"{dir}/a.json", entries[1].Path);
        Assert.Equal(content.Length, entries[1].Size);

        // Read back as written.
        using (var file = await Client.GetUserdataFileAsync($"{dir}/a.json"))
        {
            using var bytes = new MemoryStream();
            await file.Content.CopyToAsync(bytes);
            Assert.Equal(content, bytes.ToArray());
        }

        // Not overwritten when asked not to: 409, the server's text.
        var conflict = await Assert.ThrowsAsync<ApiException>(() => Client.PostUserdataFileAsync($"{dir}/a.json", new MemoryStream(content), overwrite: PostUserdataFileOverwrite.False));
        Assert.Equal(409, conflict.StatusCode);
        Assert.Equal("File already exists", conflict.Body);

        // Moved: the new path as a string, or details.
        var moved = await Client.MoveUserdataFileAsync($"{dir}/a.json", $"{dir}/c.json");
        Assert.Equal($"{dir}/c.json", moved.AsString);
        var movedAgain = await Client.MoveUserdataFileAsync($"{dir}/c.json", $"{dir}/d.json", fullInfo: MoveUserdataFileFullInfo.True);
        Assert.Equal($"{dir}/d.json", movedAgain.AsUserDataResponseFull!.Path);

        // Deleted: gone.
        await Client.DeleteUserdataFileAsync($"{dir}/d.json");
        var missing = await Assert.ThrowsAsync<ApiException>(() => Client.GetUserdataFileAsync($"{dir}/d.json"));
        Assert.Equal(404, missing.StatusCode);
    }

    [Fact]
    public async Task AMissingDirectoryIs404WithTheServersText()
    {
        var failure = await Assert.ThrowsAsync<ApiException>(() => Client.GetUserdataAsync("no-such-dir-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(404, failure.StatusCode);
        Assert.Equal("Directory not found", failure.Body);
    }

    [Fact]
    public async Task TheDirectoryIsRequiredBeforeAnythingIsSent()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Client.GetUserdataAsync(null!));
    }

    [Fact]
    public async Task UsersAreDescribedAndCreated()
    {
        var info = await Client.GetUsersInfoAsync();
        Assert.Equal("server", info.Storage);
        Assert.NotNull(info.Migrated); // single-user mode; --multi-user sends users instead

        var id = await Client.CreateUserAsync(new CreateUserRequest { Username = "Contract Tester" });
        Assert.StartsWith("Contract-Tester_", id, StringComparison.Ordinal);
    }
}
