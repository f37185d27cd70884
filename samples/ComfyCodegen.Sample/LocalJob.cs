using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using ComfyCodegen.Workflows.Local;

namespace ComfyCodegen.Sample;

/// <summary>
/// The main job on a ComfyUI server of your own (--comfyui URL): upload an input image, run a workflow that needs no
/// model files (LoadImage → ImageInvert → SaveImage), follow it over /ws, download its outputs.
/// </summary>
internal static class LocalJob
{
    /// <summary>The shipped workflow; every LoadImage node gets the uploaded image.</summary>
    public const string DefaultWorkflow = "local-workflow.json";

    /// <summary>The shipped input: a 64×64 gradient.</summary>
    public const string DefaultInput = "local-input.png";

    public static async Task RunAsync(Uri server, string? workflowPath, string? inputPath, string outputDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        using var client = new ComfyUiClient(new ApiClientOptions { BaseAddress = server });

        var stats = await client.GetSystemStatsAsync(cancellationToken);
        output.WriteLine($"ComfyUI {stats.System?.ComfyuiVersion ?? "(version not given)"} at {server}");

        var progress = Program.ProgressFor(output);
        try
        {
            // Upload: streamed from disk; the server stores it in its input folder, where LoadImage finds it by name.
            inputPath ??= Path.Combine(AppContext.BaseDirectory, DefaultInput);
            var length = new FileInfo(inputPath).Length;
            var upload = progress.Bar("upload " + Path.GetFileName(inputPath));
            string uploaded;
            await using (var file = File.OpenRead(inputPath))
            {
                var stored = await client.UploadImageAsync(
                    new UploadImageRequest
                    {
                        Image = new ApiFile(new ProgressStream(file, read => upload.Report(read, length)), Path.GetFileName(inputPath), "image/png"),
                        Type = "input",
                    },
                    cancellationToken);
                upload.Done();
                uploaded = string.IsNullOrEmpty(stored.Subfolder) ? stored.Name! : stored.Subfolder + "/" + stored.Name;
                output.WriteLine($"Uploaded {Path.GetFileName(inputPath)} as {uploaded}");
            }

            var workflow = WithInput(File.ReadAllText(workflowPath ?? Path.Combine(AppContext.BaseDirectory, DefaultWorkflow)), uploaded);

            // The prompt's status, then a line per node as it runs (a bar of its steps when it reports them), a bar per download.
            var runner = new LocalWorkflowRunner(client);
            var result = await runner.RunAsync(workflow, outputDirectory, new JobProgress(progress, "prompt"), cancellationToken);

            output.WriteLine($"Prompt {result.JobId} finished; outputs:");
            foreach (var path in result.Files)
            {
                output.WriteLine($"  {path} ({new FileInfo(path).Length:N0} bytes)");
            }
        }
        finally
        {
            // A failure's message (or "Cancelled.") goes on a line of its own, not at the end of a bar.
            progress.EndLine();
        }
    }

    /// <summary>The workflow with every LoadImage node reading <paramref name="image"/>.</summary>
    internal static JsonElement WithInput(string workflowJson, string image)
    {
        var workflow = JsonNode.Parse(workflowJson) as JsonObject
            ?? throw new ArgumentException("The workflow is not a JSON object of nodes.", nameof(workflowJson));
        var loaders = workflow
            .Select(node => node.Value as JsonObject)
            .Where(node => node?["class_type"]?.GetValue<string>() == "LoadImage")
            .ToList();
        if (loaders.Count == 0)
        {
            throw new ArgumentException("The workflow has no LoadImage node to read the uploaded image.", nameof(workflowJson));
        }

        foreach (var loader in loaders)
        {
            var inputs = loader!["inputs"] as JsonObject ?? new JsonObject();
            inputs["image"] = image;
            loader["inputs"] = inputs;
        }

        using var document = JsonDocument.Parse(workflow.ToJsonString());
        return document.RootElement.Clone();
    }
}
