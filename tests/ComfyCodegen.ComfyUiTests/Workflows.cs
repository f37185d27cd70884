using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Comfy.Local;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>Submitting a workflow, waiting for it through the history, downloading what it wrote.</summary>
internal static class Workflows
{
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A prompt (API format) from its JSON text.</summary>
    public static JsonElement Prompt(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A file name prefix no other test or run uses, so outputs never collide.</summary>
    public static string UniquePrefix(string test) => $"{test}-{Guid.NewGuid():N}";

    /// <summary>Polls getPromptHistory until the prompt appears there (finished, successfully or not).</summary>
    public static async Task<PromptHistoryEntry> WaitForHistoryAsync(ComfyUiClient client, Guid promptId)
    {
        var id = promptId.ToString();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var history = await client.GetPromptHistoryAsync(id);
            if (history.TryGetValue(id, out var entry))
            {
                Assert.Single(history);
                return entry;
            }

            Assert.Empty(history); // not finished yet: the server answers {}
            if (clock.Elapsed > CompletionTimeout)
            {
                throw new TimeoutException($"Prompt {id} did not finish within {CompletionTimeout.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Runs a prompt to completion and asserts it succeeded.</summary>
    public static async Task<(Guid PromptId, PromptHistoryEntry Entry)> RunAsync(ComfyUiClient client, JsonElement prompt)
    {
        var queued = await client.ExecutePromptAsync(new PromptRequest { Prompt = prompt, ClientId = "contract-tests" });
        Assert.NotNull(queued.PromptId);
        Assert.NotNull(queued.NodeErrors);
        Assert.Empty(queued.NodeErrors);
        var entry = await WaitForHistoryAsync(client, queued.PromptId.Value);
        Assert.NotNull(entry.Status);
        Assert.Equal("success", entry.Status.StatusStr);
        Assert.True(entry.Status.Completed);
        return (queued.PromptId.Value, entry);
    }

    /// <summary>Downloads one output file through viewFile and decodes it.</summary>
    public static async Task<Png> DownloadPngAsync(ComfyUiClient client, OutputFile file)
    {
        using var response = await client.ViewFileAsync(file.Filename, subfolder: file.Subfolder, type: file.Type);
        Assert.Equal("image/png", response.ContentType);
        Assert.Equal(file.Filename, response.FileName);
        using var bytes = new MemoryStream();
        await response.Content.CopyToAsync(bytes);
        return Png.Decode(bytes.ToArray());
    }

    public static void AssertEveryPixel(Png png, byte r, byte g, byte b)
    {
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                Assert.Equal((r, g, b, (byte)255), png.Pixel(x, y));
            }
        }
    }

    public static IReadOnlyList<OutputFile> Images(PromptHistoryEntry entry, string nodeId)
    {
        Assert.True(entry.Outputs.TryGetValue(nodeId, out var output), $"no outputs of node {nodeId}: {string.Join(", ", entry.Outputs.Keys)}");
        Assert.NotNull(output.Images);
        return output.Images;
    }
}
