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

    /// <summary>Reads one entry: the files of every node's outputs (images and any other list of files), the status and its final error.</summary>
    public static LocalHistoryEntry From(PromptHistoryEntry entry)
    {
        var files = new List<ComfyUiOutputFile>();
        foreach (var output in entry.Outputs.Values)
        {
            foreach (var image in output.Images ?? Array.Empty<OutputFile>())
            {
                files.Add(new ComfyUiOutputFile("images", image.Filename, image.Subfolder, image.Type));
            }

            // gifs, audio, video, ...: not in the spec's shape, so read the way /ws's executed messages are.
            foreach (var other in output.AdditionalProperties ?? new Dictionary<string, JsonElement>())
            {
                files.AddRange(ComfyUiJson.OutputFiles(other.Key, other.Value));
            }
        }

        ComfyUiEvent? ending = null;
        foreach (var message in entry.Status?.Messages ?? Array.Empty<IReadOnlyList<JsonElement>>())
        {
            if (message.Count == 2 && message[0].ValueKind == JsonValueKind.String
                && ComfyUiEventParser.FromMessage(message[0].GetString()!, message[1]) is { } typed
                && typed is ComfyUiExecutionErrorEvent or ComfyUiExecutionInterruptedEvent)
            {
                ending = typed;
            }
        }

        var status = entry.Status?.StatusStr;
        return new LocalHistoryEntry(status, entry.Status is { Completed: true } && status == "success", files, ending);
    }
}
