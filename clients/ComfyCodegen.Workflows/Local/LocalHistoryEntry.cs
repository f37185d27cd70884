using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// What a finished prompt's history says: how it ended (<c>status.status_str</c>), the files its nodes wrote
/// (<c>outputs</c>), and its final error or interruption (from <c>status.messages</c>, the same messages /ws sent).
/// </summary>
/// <param name="Status">success or error.</param>
/// <param name="Succeeded">The server's <c>status.completed</c> and <c>status_str</c> both say it succeeded.</param>
/// <param name="Files">Every file listed in <c>outputs</c>, node by node.</param>
/// <param name="Ending">The execution_error or execution_interrupted message, if any.</param>
internal sealed record LocalHistoryEntry(string? Status, bool Succeeded, IReadOnlyList<ComfyUiOutputFile> Files, ComfyUiEvent? Ending)
{
    /// <summary>The prompt's entry, or null while the server has none (it writes the entry when the prompt ends).</summary>
    public static async Task<LocalHistoryEntry?> FetchAsync(IComfyUiClient client, string promptId, CancellationToken cancellationToken)
    {
        var history = await client.GetPromptHistoryAsync(promptId, cancellationToken).ConfigureAwait(false);
        return history.TryGetValue(promptId, out var entry) ? From(entry) : null;
    }

    /// <summary>Reads one entry (<c>{prompt, outputs, status, meta}</c>); members of unexpected kinds read as absent.</summary>
    public static LocalHistoryEntry From(JsonElement entry)
    {
        var files = new List<ComfyUiOutputFile>();
        if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Object)
        {
            foreach (var node in outputs.EnumerateObject())
            {
                files.AddRange(ComfyUiJson.OutputFiles(node.Value));
            }
        }

        string? status = null;
        var completed = false;
        ComfyUiEvent? ending = null;
        if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("status", out var state) && state.ValueKind == JsonValueKind.Object)
        {
            status = ComfyUiJson.String(state, "status_str");
            completed = state.TryGetProperty("completed", out var done) && done.ValueKind == JsonValueKind.True;
            if (state.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    if (message.ValueKind == JsonValueKind.Array && message.GetArrayLength() == 2 && message[0].ValueKind == JsonValueKind.String
                        && ComfyUiEventParser.FromMessage(message[0].GetString()!, message[1].Clone()) is ComfyUiExecutionErrorEvent or ComfyUiExecutionInterruptedEvent)
                    {
                        ending = ComfyUiEventParser.FromMessage(message[0].GetString()!, message[1].Clone());
                    }
                }
            }
        }

        return new LocalHistoryEntry(status, completed && status == "success", files, ending);
    }
}
