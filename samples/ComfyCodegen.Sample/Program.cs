using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;

namespace ComfyCodegen.Sample;

/// <summary>
/// Calls Comfy Cloud through the generated client. With no arguments it starts a local Comfy-compatible server
/// in-process; with --base-url (and COMFY_API_KEY) it talks to a real one.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var baseUrl = args.Length == 2 && args[0] == "--base-url" ? new Uri(args[1]) : null;
        if (args.Length > 0 && baseUrl is null)
        {
            Console.Error.WriteLine("usage: ComfyCodegen.Sample [--base-url https://cloud.comfy.org]   (key from COMFY_API_KEY)");
            return 2;
        }

        FakeComfyCloud? local = null;
        if (baseUrl is null)
        {
            local = await FakeComfyCloud.StartAsync();
            local.State.SeedAsset("portrait.png", Encoding.UTF8.GetBytes("portrait"), new[] { "input", "portrait" });
            local.State.SeedAsset("landscape.png", Encoding.UTF8.GetBytes("landscape"), new[] { "input", "landscape" });
            local.State.SeedAsset("result.png", Encoding.UTF8.GetBytes("result"), new[] { "output" });
            Console.WriteLine($"Started a local Comfy-compatible server at {local.BaseAddress}");
        }

        try
        {
            var options = new ApiClientOptions
            {
                BaseAddress = baseUrl ?? local!.BaseAddress,
                ApiKey = local?.ApiKey ?? Environment.GetEnvironmentVariable("COMFY_API_KEY"),
            };
            using var client = new ComfyCloudClient(options);
            Console.WriteLine($"Client: {client} with {options}");

            var page = await client.ListTagsAsync(limit: 10, order: ListTagsOrder.NameAsc);
            Console.WriteLine($"{page.Total} tags:");
            foreach (var tag in page.Tags)
            {
                Console.WriteLine($"  {tag.Name,-12} {tag.Count,3} asset(s)");
            }

            var inputs = await client.ListTagsAsync(prefix: "in");
            Console.WriteLine($"Tags starting with 'in': {string.Join(", ", inputs.Tags.Select(t => t.Name))}");

            try
            {
                await client.ListTagsAsync(limit: 5000);
            }
            catch (ArgumentOutOfRangeException exception)
            {
                Console.WriteLine($"Rejected before sending: {exception.Message.Split(Environment.NewLine)[0]}");
            }

            try
            {
                using var anonymous = new ComfyCloudClient(new ApiClientOptions { BaseAddress = options.BaseAddress, ApiKey = "not-a-key" });
                await anonymous.ListTagsAsync();
            }
            catch (ApiException<ErrorResponse> exception)
            {
                Console.WriteLine($"Server said {exception.StatusCode}: {exception.Error.Code} — {exception.Error.Message}");
            }

            return 0;
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }
        }
    }
}
