using System.Text.Json;
using System.Threading.Tasks;
using Comfy.Local;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>Settings round-trip: several at once, one by id (JSON or text body), read back as bare values.</summary>
public sealed class SettingsTests : ComfyUiTestBase
{
    public SettingsTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task SettingsRoundTrip()
    {
        await Client.UpdateMultipleSettingsAsync(Workflows.Prompt("""{ "Contract.Number": 3, "Contract.Text": "x", "Contract.List": [1, 2] }"""));
        await Client.UpdateSettingByIdAsync("Contract.Text", Workflows.Prompt("\"changed\""));
        await Client.UpdateSettingByIdAsync("Contract.Flag", "true"); // the text/plain form: the server parses it as JSON

        var all = await Client.GetAllSettingsAsync();
        Assert.Equal(3, all.GetProperty("Contract.Number").GetInt32());
        Assert.Equal("changed", all.GetProperty("Contract.Text").GetString());
        Assert.Equal(2, all.GetProperty("Contract.List").GetArrayLength());
        Assert.True(all.GetProperty("Contract.Flag").GetBoolean());

        // One setting is its bare value, not an object around it.
        Assert.Equal("changed", (await Client.GetSettingByIdAsync("Contract.Text")).GetString());
        Assert.Equal(3, (await Client.GetSettingByIdAsync("Contract.Number")).GetInt32());
        Assert.Equal(JsonValueKind.True, (await Client.GetSettingByIdAsync("Contract.Flag")).ValueKind);
    }

    [Fact]
    public async Task AnUnsetSettingIsJsonNull()
    {
        Assert.Equal(JsonValueKind.Null, (await Client.GetSettingByIdAsync("Contract.NeverSet")).ValueKind);
    }

    [Fact]
    public async Task SeveralSettingsAreMergedIntoTheStoredOnes()
    {
        await Client.UpdateMultipleSettingsAsync("""{ "Contract.MergeA": 1 }""");
        await Client.UpdateMultipleSettingsAsync(Workflows.Prompt("""{ "Contract.MergeB": 2 }"""));

        var all = await Client.GetAllSettingsAsync();
        Assert.Equal(1, all.GetProperty("Contract.MergeA").GetInt32());
        Assert.Equal(2, all.GetProperty("Contract.MergeB").GetInt32());
    }
}
