using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Comfy.Local;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>The queue while a prompt runs: what it shows, deleting and clearing waiting prompts, interrupting.</summary>
public sealed class QueueTests : ComfyUiTestBase
{
    public QueueTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task WaitingPromptsAreDeletedAndClearedAndARunningOneIsInterrupted()
    {
        // A blur that runs a few seconds on a CPU keeps the queue busy; ComfyUI checks for an interrupt between nodes.
        var slow = await QueueAsync("""
            {
              "1": { "class_type": "EmptyImage", "inputs": { "width": 192, "height": 192, "batch_size": 1, "color": 255 } },
              "2": { "class_type": "ImageBlur", "inputs": { "image": ["1", 0], "blur_radius": 31, "sigma": 10.0 } },
              "3": { "class_type": "PreviewImage", "inputs": { "images": ["2", 0] } }
            }
            """);
        const string Quick = """
            {
              "1": { "class_type": "EmptyImage", "inputs": { "width": 8, "height": 8, "batch_size": 1, "color": 1 } },
              "2": { "class_type": "PreviewImage", "inputs": { "images": ["1", 0] } }
            }
            """;
        var deleted = await QueueAsync(Quick);
        var cleared = await QueueAsync(Quick);

        var queue = await WaitForRunningAsync(slow);
        Assert.Equal([deleted, cleared], PromptIds(queue.QueuePending).Where(id => id == deleted || id == cleared));
        var info = await Client.GetPromptInfoAsync();
        Assert.True(info.ExecInfo!.QueueRemaining >= 3, $"queue_remaining {info.ExecInfo.QueueRemaining}");

        await Client.ManageQueueAsync(new QueueManageRequest { Delete = [deleted] });
        queue = await Client.GetQueueInfoAsync();
        Assert.DoesNotContain(deleted, PromptIds(queue.QueuePending));
        Assert.Contains(cleared, PromptIds(queue.QueuePending));

        await Client.ManageQueueAsync(new QueueManageRequest { Clear = true });
        queue = await Client.GetQueueInfoAsync();
        Assert.DoesNotContain(cleared, PromptIds(queue.QueuePending));

        await Client.InterruptJobAsync(new InterruptJobRequest { PromptId = slow });
        var entry = await Workflows.WaitForHistoryAsync(Client, Guid.Parse(slow));
        Assert.Equal("error", entry.Status!.StatusStr);
        Assert.False(entry.Status.Completed);
        Assert.Contains(entry.Status.Messages, m => m[0].GetString() == "execution_interrupted");
        Assert.Empty(await Client.GetPromptHistoryAsync(deleted));

        queue = await Client.GetQueueInfoAsync();
        Assert.Empty(queue.QueueRunning!);
        Assert.Empty(queue.QueuePending!);
    }

    [Fact]
    public async Task InterruptingWithoutAPromptOrWithAnIdleOneIsAccepted()
    {
        await Client.InterruptJobAsync();
        await Client.InterruptJobAsync(new InterruptJobRequest { PromptId = Guid.NewGuid().ToString() });
        Assert.Equal(0, (await Client.GetPromptInfoAsync()).ExecInfo!.QueueRemaining);
    }

    private async Task<string> QueueAsync(string prompt)
    {
        var queued = await Client.ExecutePromptAsync(new PromptRequest { Prompt = Workflows.Prompt(prompt) });
        return queued.PromptId!.Value.ToString();
    }

    private async Task<QueueInfo> WaitForRunningAsync(string promptId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var queue = await Client.GetQueueInfoAsync();
            if (PromptIds(queue.QueueRunning).Contains(promptId))
            {
                return queue;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{promptId} never ran");
            await Task.Delay(20);
        }
    }

    // Queue items are [number, prompt id, prompt, extra data, output node ids].
    private static string[] PromptIds(System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Text.Json.JsonElement>>? items) =>
        items!.Select(item =>
        {
            Assert.Equal(5, item.Count);
            return item[1].GetString()!;
        }).ToArray();
}
