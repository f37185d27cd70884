using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Comfy.Local;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>The core job on a real server: queue a workflow, learn when it is done, download its images.</summary>
public sealed class WorkflowTests : ComfyUiTestBase
{
    public WorkflowTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task RedImageInvertedAndSavedIsACyanPng()
    {
        var prefix = Workflows.UniquePrefix("invert");
        var prompt = Workflows.Prompt($$"""
            {
              "1": { "class_type": "EmptyImage", "inputs": { "width": 64, "height": 64, "batch_size": 1, "color": 16711680 } },
              "2": { "class_type": "ImageInvert", "inputs": { "image": ["1", 0] } },
              "3": { "class_type": "SaveImage", "inputs": { "images": ["2", 0], "filename_prefix": "{{prefix}}" } }
            }
            """);

        var (promptId, entry) = await Workflows.RunAsync(Client, prompt);

        // The history entry: [number, id, workflow, extra data, output nodes], per-node outputs and metadata.
        Assert.Equal(5, entry.Prompt.Count);
        Assert.Equal(promptId.ToString(), entry.Prompt[1].GetString());
        Assert.Equal("contract-tests", entry.Prompt[3].GetProperty("client_id").GetString());
        Assert.Equal(["3"], entry.Prompt[4].EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(entry.Status!.Messages, m => m[0].GetString() == "execution_success");
        Assert.NotNull(entry.Meta);
        Assert.Equal("3", entry.Meta["3"].NodeId);
        Assert.Null(entry.Meta["3"].ParentNode);

        var image = Assert.Single(Workflows.Images(entry, "3"));
        Assert.StartsWith(prefix, image.Filename, StringComparison.Ordinal);
        Assert.Equal("output", image.Type);
        Assert.Equal(string.Empty, image.Subfolder);

        var png = await Workflows.DownloadPngAsync(Client, image);
        Assert.Equal((64, 64), (png.Width, png.Height));
        Workflows.AssertEveryPixel(png, 0, 255, 255);

        // The whole history lists it too, under its id.
        var history = await Client.ListHistoryAsync(maxItems: 200);
        Assert.True(history.ContainsKey(promptId.ToString()));
        var last = await Client.ListHistoryAsync(maxItems: 1);
        Assert.Single(last);
    }

    [Fact]
    public async Task UploadedImageComesBackThroughLoadImageAndSaveImage()
    {
        var name = Workflows.UniquePrefix("upload") + ".png";
        var upload = Png.EncodeSolid(16, 8, 10, 200, 30);
        var stored = await Client.UploadImageAsync(new UploadImageRequest
        {
            Image = new ApiFile(new MemoryStream(upload), name, "image/png"),
            Type = "input",
            Overwrite = "true",
        });
        Assert.Equal(name, stored.Name);
        Assert.Equal("input", stored.Type);
        Assert.Equal(string.Empty, stored.Subfolder);

        // The input folder serves the upload as it was sent.
        using (var raw = await Client.ViewFileAsync(name, type: "input"))
        {
            using var bytes = new MemoryStream();
            await raw.Content.CopyToAsync(bytes);
            Assert.Equal(upload, bytes.ToArray());
            Assert.Equal(name, raw.FileName);
        }

        var prefix = Workflows.UniquePrefix("loaded");
        var prompt = Workflows.Prompt($$"""
            {
              "1": { "class_type": "LoadImage", "inputs": { "image": "{{name}}" } },
              "2": { "class_type": "SaveImage", "inputs": { "images": ["1", 0], "filename_prefix": "{{prefix}}" } }
            }
            """);
        var (_, entry) = await Workflows.RunAsync(Client, prompt);

        var png = await Workflows.DownloadPngAsync(Client, Assert.Single(Workflows.Images(entry, "2")));
        Assert.Equal((16, 8), (png.Width, png.Height));
        Workflows.AssertEveryPixel(png, 10, 200, 30);
    }

    [Fact]
    public async Task AnInvalidInputGivesTheServersNodeErrorsTyped()
    {
        var prompt = Workflows.Prompt("""
            {
              "1": { "class_type": "EmptyImage", "inputs": { "width": 8, "height": 8, "batch_size": 1, "color": "red" } },
              "2": { "class_type": "SaveImage", "inputs": { "images": ["1", 0], "filename_prefix": "never" } }
            }
            """);

        var failure = await Assert.ThrowsAsync<ApiException<PromptErrorResponse>>(
            () => Client.ExecutePromptAsync(new PromptRequest { Prompt = prompt }));

        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("prompt_outputs_failed_validation", failure.Error.Error!.Type);
        var node = Assert.Single(failure.Error.NodeErrors!);
        Assert.Equal("1", node.Key);
        Assert.Equal("EmptyImage", node.Value.ClassType);
        Assert.Equal(["2"], node.Value.DependentOutputs!);
        var error = Assert.Single(node.Value.Errors);
        Assert.Equal("invalid_input_type", error.Type);
        Assert.Equal("color", error.ExtraInfo!.Value.GetProperty("input_name").GetString());
        Assert.Equal("red", error.ExtraInfo!.Value.GetProperty("received_value").GetString());
    }

    [Fact]
    public async Task AnUnknownNodeClassIsAPromptErrorWithoutNodeErrors()
    {
        var prompt = Workflows.Prompt("""{ "1": { "class_type": "NoSuchNode", "inputs": {} } }""");

        var failure = await Assert.ThrowsAsync<ApiException<PromptErrorResponse>>(
            () => Client.ExecutePromptAsync(new PromptRequest { Prompt = prompt }));

        Assert.Equal("invalid_prompt", failure.Error.Error!.Type);
        Assert.Contains("NoSuchNode", failure.Error.Error.Message, StringComparison.Ordinal);
        Assert.Empty(failure.Error.NodeErrors!);
    }

    [Fact]
    public async Task AnUnknownPromptHasAnEmptyHistory()
    {
        var history = await Client.GetPromptHistoryAsync(Guid.NewGuid().ToString());
        Assert.Empty(history);
    }

    [Fact]
    public async Task AGivenPromptIdIsKept()
    {
        var id = Guid.NewGuid();
        var prompt = Workflows.Prompt($$"""
            {
              "1": { "class_type": "EmptyImage", "inputs": { "width": 8, "height": 8, "batch_size": 1, "color": 0 } },
              "2": { "class_type": "PreviewImage", "inputs": { "images": ["1", 0] } }
            }
            """);
        var queued = await Client.ExecutePromptAsync(new PromptRequest { Prompt = prompt, PromptId = id });
        Assert.Equal(id, queued.PromptId);

        var entry = await Workflows.WaitForHistoryAsync(Client, id);
        var preview = Assert.Single(Workflows.Images(entry, "2"));
        Assert.Equal("temp", preview.Type);
        var png = await Workflows.DownloadPngAsync(Client, preview);
        Workflows.AssertEveryPixel(png, 0, 0, 0);
    }
}
