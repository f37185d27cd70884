using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using ComfyCodegen.Workflows;
using ComfyCodegen.Workflows.Cloud;

namespace ComfyCodegen.Sample;

/// <summary>
/// The main job: list tags and assets, upload an input, run a workflow and download its outputs, with progress.
/// With no --base-url it starts a local Comfy-compatible server in-process (no account needed); with
/// --base-url https://cloud.comfy.org and COMFY_API_KEY it talks to Comfy Cloud; with --comfyui URL it runs the job on
/// a ComfyUI server of your own (see <see cref="LocalJob"/>).
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: ComfyCodegen.Sample [--base-url URL | --comfyui URL] [--workflow workflow.json] [--input file] [--out directory]
          (no server)     runs against an embedded Comfy-compatible server
          --base-url URL  Comfy Cloud, e.g. https://cloud.comfy.org (key from COMFY_API_KEY)
          --comfyui URL   your own ComfyUI, e.g. http://127.0.0.1:8188: uploads local-input.png and runs
                          local-workflow.json (LoadImage -> ImageInvert -> SaveImage), following /ws
        """;

    public static async Task<int> Main(string[] args)
    {
        // Awaited, not returned: the source must live until the run ends, or a Ctrl+C would find it disposed.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C cancels the run (a local prompt is interrupted on the server); a second one ends the process.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        return await RunAsync(args, Console.Out, Console.Error, cancel.Token);
    }

    /// <summary>The whole command: 0 done, 1 the server or the workflow failed, 2 bad usage.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args is ["--help"] or ["-h"])
        {
            output.WriteLine(Usage);
            return 0;
        }

        var options = Options.Parse(args, out var problem);
        if (options is null)
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }

        if (options.ComfyUi is { } comfyUi)
        {
            try
            {
                await LocalJob.RunAsync(comfyUi, options.WorkflowGiven ? options.Workflow : null, options.Input, options.OutputDirectory, output, cancellationToken);
                return 0;
            }
            catch (Exception exception) when (Describe(exception, comfyUi) is { } message)
            {
                error.WriteLine(message);
                return 1;
            }
        }

        FakeComfyCloud? local = null;
        if (options.BaseUrl is null)
        {
            local = await FakeComfyCloud.StartAsync();
            local.State.SeedAsset("portrait.png", RandomNumberGenerator.GetBytes(2048), new[] { "input", "portrait" });
            local.State.SeedAsset("landscape.png", RandomNumberGenerator.GetBytes(4096), new[] { "input", "landscape" });
            output.WriteLine($"Started a local Comfy-compatible server at {local.BaseAddress} (use --base-url for Comfy Cloud)");
        }

        try
        {
            var clientOptions = new ApiClientOptions
            {
                BaseAddress = options.BaseUrl ?? local!.BaseAddress,
                ApiKey = local?.ApiKey ?? Environment.GetEnvironmentVariable("COMFY_API_KEY"),
            };
            using var client = new ComfyCloudClient(clientOptions);
            await RunCloudAsync(client, options, output, cancellationToken);
            return 0;
        }
        catch (Exception exception) when (Describe(exception, options.BaseUrl ?? local!.BaseAddress) is { } message)
        {
            error.WriteLine(message);
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

    /// <summary>One line for a failure a user can act on; null for a bug, which should surface as one.</summary>
    private static string? Describe(Exception exception, Uri server) => exception switch
    {
        ApiException api => $"The server refused: {api.Message}",
        WorkflowFailedException failed => failed.Message,
        HttpRequestException http => $"Could not reach {server}: {http.Message} Is the server running, and is the address right?",
        OperationCanceledException => "Cancelled.",
        IOException io => $"A file could not be read or written: {io.Message}",
        _ => null,
    };

    private static async Task RunCloudAsync(ComfyCloudClient client, Options options, TextWriter output, CancellationToken cancellationToken)
    {
        var tags = await client.ListTagsAsync(limit: 20, order: ListTagsOrder.NameAsc, cancellationToken: cancellationToken);
        output.WriteLine($"Tags ({tags.Total}): {string.Join(", ", tags.Tags.Select(t => $"{t.Name} ({t.Count})"))}");

        output.WriteLine("Assets:");
        await foreach (var asset in client.ListAssetsAllAsync(limit: 50, cancellationToken: cancellationToken))
        {
            output.WriteLine($"  {asset.Name,-24} {asset.Size,10:N0} bytes  [{string.Join(", ", asset.Tags ?? Array.Empty<string>())}]");
        }

        // Upload: streamed from disk (or generated, in a folder of its own that goes when the job ends), never held in
        // memory; the bar follows the bytes as they are sent.
        var generated = options.Input is null ? CreateInput() : null;
        try
        {
            await UploadAndRunAsync(client, options, generated ?? options.Input!, output, cancellationToken);
        }
        finally
        {
            if (generated is not null)
            {
                Directory.Delete(Path.GetDirectoryName(generated)!, recursive: true);
            }
        }
    }

    private static async Task UploadAndRunAsync(ComfyCloudClient client, Options options, string inputPath, TextWriter output, CancellationToken cancellationToken)
    {
        var progress = ProgressFor(output);
        try
        {
            var length = new FileInfo(inputPath).Length;
            var upload = progress.Bar("upload " + Path.GetFileName(inputPath));
            await using (var file = File.OpenRead(inputPath))
            {
                var body = new UploadAssetMultipartRequest
                {
                    File = new ApiFile(new ProgressStream(file, read => upload.Report(read, length)), Path.GetFileName(inputPath), "application/octet-stream"),
                    Tags = new[] { "input" },
                };
                var created = await client.UploadAssetAsync(body, cancellationToken);
                upload.Done();
                output.WriteLine($"Uploaded {created.Value.Name} as {created.Value.AssetHash} ({(created.StatusCode == 201 ? "new" : "already there")})");
            }

            // Run the workflow and bring its outputs home: the job's status on a line, then a bar per output file.
            var workflow = JsonDocument.Parse(File.ReadAllText(options.Workflow)).RootElement;
            var runner = new WorkflowRunner(client) { FirstPollInterval = TimeSpan.FromMilliseconds(200) };
            var result = await runner.RunAsync(workflow, options.OutputDirectory, new JobProgress(progress, "job"), cancellationToken);
            output.WriteLine($"Job {result.JobId} finished; outputs:");
            foreach (var path in result.Files)
            {
                output.WriteLine($"  {path} ({new FileInfo(path).Length:N0} bytes)");
            }
        }
        finally
        {
            // A failure's message goes on a line of its own, not at the end of a bar.
            progress.EndLine();
        }
    }

    /// <summary>Bars for a terminal; plain lines when the output is redirected (a file, a pipe) or is not the console (a test's writer).</summary>
    internal static ProgressOutput ProgressFor(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        return new ProgressOutput(output, terminal, terminal ? Console.WindowWidth : null);
    }

    private static string CreateInput()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "comfy-sample-" + Guid.NewGuid().ToString("N")));
        var path = Path.Combine(directory.FullName, "comfy-sample-input.bin");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(8 * 1024 * 1024));
        return path;
    }

    private sealed record Options(Uri? BaseUrl, Uri? ComfyUi, string Workflow, bool WorkflowGiven, string? Input, string OutputDirectory)
    {
        public static Options? Parse(string[] args, out string problem)
        {
            Uri? baseUrl = null;
            Uri? comfyUi = null;
            var workflow = Path.Combine(AppContext.BaseDirectory, "workflow.json");
            var workflowGiven = false;
            string? input = null;
            var output = Path.Combine(Environment.CurrentDirectory, "comfy-outputs");
            for (var i = 0; i < args.Length; i += 2)
            {
                if (i + 1 >= args.Length)
                {
                    problem = $"{args[i]} needs a value.";
                    return null;
                }

                var value = args[i + 1];
                switch (args[i])
                {
                    case "--base-url" or "--comfyui":
                        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                        {
                            problem = $"{args[i]} '{value}' is not an http or https address.";
                            return null;
                        }

                        if (args[i] == "--base-url")
                        {
                            baseUrl = uri;
                        }
                        else
                        {
                            comfyUi = uri;
                        }

                        break;
                    case "--workflow":
                        workflow = value;
                        workflowGiven = true;
                        break;
                    case "--input":
                        input = value;
                        break;
                    case "--out":
                        output = value;
                        break;
                    default:
                        problem = $"Unknown option '{args[i]}'.";
                        return null;
                }
            }

            if (baseUrl is not null && comfyUi is not null)
            {
                problem = "Give --base-url (Comfy Cloud) or --comfyui (your own ComfyUI), not both.";
                return null;
            }

            problem = string.Empty;
            return new Options(baseUrl, comfyUi, workflow, workflowGiven, input, output);
        }
    }
}
