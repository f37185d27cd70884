using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using ComfyCodegen.Workflows;
using ComfyCodegen.Workflows.Cloud;

namespace ComfyCodegen.Sample;

/// <summary>
/// The main job: list tags and assets, upload an input, run a workflow and download its outputs, with progress.
/// With no --base-url it starts a local Comfy-compatible server in-process (no account needed); with
/// --base-url https://cloud.comfy.org and COMFY_API_KEY it talks to Comfy Cloud.
/// </summary>
public static class Program
{
    private const string Usage = "usage: ComfyCodegen.Sample [--base-url URL] [--workflow workflow.json] [--input file] [--out directory]   (key from COMFY_API_KEY)";

    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        FakeComfyCloud? local = null;
        if (options.BaseUrl is null)
        {
            local = await FakeComfyCloud.StartAsync();
            local.State.SeedAsset("portrait.png", RandomNumberGenerator.GetBytes(2048), new[] { "input", "portrait" });
            local.State.SeedAsset("landscape.png", RandomNumberGenerator.GetBytes(4096), new[] { "input", "landscape" });
            Console.WriteLine($"Started a local Comfy-compatible server at {local.BaseAddress} (use --base-url for Comfy Cloud)");
        }

        try
        {
            var clientOptions = new ApiClientOptions
            {
                BaseAddress = options.BaseUrl ?? local!.BaseAddress,
                ApiKey = local?.ApiKey ?? Environment.GetEnvironmentVariable("COMFY_API_KEY"),
            };
            using var client = new ComfyCloudClient(clientOptions);
            await RunAsync(client, options, Console.Out);
            return 0;
        }
        catch (ApiException exception)
        {
            Console.Error.WriteLine($"The server refused: {exception.Message}");
            return 1;
        }
        catch (WorkflowFailedException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }
        }
    }

    private static async Task RunAsync(ComfyCloudClient client, Options options, TextWriter output)
    {
        var tags = await client.ListTagsAsync(limit: 20, order: ListTagsOrder.NameAsc);
        output.WriteLine($"Tags ({tags.Total}): {string.Join(", ", tags.Tags.Select(t => $"{t.Name} ({t.Count})"))}");

        output.WriteLine("Assets:");
        await foreach (var asset in client.ListAssetsAllAsync(limit: 50))
        {
            output.WriteLine($"  {asset.Name,-24} {asset.Size,10:N0} bytes  [{string.Join(", ", asset.Tags ?? Array.Empty<string>())}]");
        }

        // Upload: streamed from disk (or generated), never held in memory; the bar follows the bytes as they are sent.
        var inputPath = options.Input ?? CreateInput();
        var length = new FileInfo(inputPath).Length;
        var upload = new ProgressBar(output, "upload " + Path.GetFileName(inputPath));
        await using (var file = File.OpenRead(inputPath))
        {
            var body = new UploadAssetMultipartRequest
            {
                File = new ApiFile(new ProgressStream(file, read => upload.Report(read, length)), Path.GetFileName(inputPath), "application/octet-stream"),
                Tags = new[] { "input" },
            };
            var created = await client.UploadAssetAsync(body);
            upload.Done();
            output.WriteLine($"Uploaded {created.Value.Name} as {created.Value.AssetHash} ({(created.StatusCode == 201 ? "new" : "already there")})");
        }

        // Run the workflow and bring its outputs home.
        var workflow = JsonDocument.Parse(File.ReadAllText(options.Workflow)).RootElement;
        var job = new ProgressBar(output, "job");
        ProgressBar? download = null;
        var runner = new WorkflowRunner(client) { FirstPollInterval = TimeSpan.FromMilliseconds(200) };
        var result = await runner.RunAsync(workflow, options.OutputDirectory, new SynchronousProgress(report =>
        {
            switch (report.Stage)
            {
                case WorkflowStage.Queued or WorkflowStage.Running:
                    job.Report(0, null, report.Status);
                    break;
                case WorkflowStage.Downloading:
                    download ??= new ProgressBar(output, "download " + report.FileName);
                    download.Report(report.BytesDone, report.BytesTotal);
                    break;
                case WorkflowStage.Completed:
                    download?.Done();
                    break;
            }
        }));
        output.WriteLine($"Job {result.JobId} finished; outputs:");
        foreach (var path in result.Files)
        {
            output.WriteLine($"  {path} ({new FileInfo(path).Length:N0} bytes)");
        }
    }

    private static string CreateInput()
    {
        var path = Path.Combine(Path.GetTempPath(), "comfy-sample-input.bin");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(8 * 1024 * 1024));
        return path;
    }

    private sealed record Options(Uri? BaseUrl, string Workflow, string? Input, string OutputDirectory)
    {
        public static Options? Parse(string[] args)
        {
            Uri? baseUrl = null;
            var workflow = Path.Combine(AppContext.BaseDirectory, "workflow.json");
            string? input = null;
            var output = Path.Combine(Environment.CurrentDirectory, "comfy-outputs");
            for (var i = 0; i < args.Length; i += 2)
            {
                if (i + 1 >= args.Length)
                {
                    return null;
                }

                switch (args[i])
                {
                    case "--base-url" when Uri.TryCreate(args[i + 1], UriKind.Absolute, out var uri):
                        baseUrl = uri;
                        break;
                    case "--workflow":
                        workflow = args[i + 1];
                        break;
                    case "--input":
                        input = args[i + 1];
                        break;
                    case "--out":
                        output = args[i + 1];
                        break;
                    default:
                        return null;
                }
            }

            return new Options(baseUrl, workflow, input, output);
        }
    }

    private sealed class SynchronousProgress(Action<WorkflowProgress> report) : IProgress<WorkflowProgress>
    {
        public void Report(WorkflowProgress value) => report(value);
    }
}
