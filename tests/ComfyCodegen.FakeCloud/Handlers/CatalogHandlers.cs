using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ComfyCodegen.FakeCloud.Infrastructure;

namespace ComfyCodegen.FakeCloud.Handlers;

/// <summary>Canned reference data: nodes, features, templates, subgraphs, models, system stats, user.</summary>
internal static class CatalogHandlers
{
    /// <summary>Model folders and the models in them (folders with no models answer 404, as the spec allows).</summary>
    internal static readonly (string Folder, string[] Models)[] ModelCatalog =
    {
        ("checkpoints", new[] { "sd_xl_base_1.0.safetensors", "v1-5-pruned-emaonly.safetensors", "flux/flux1-dev-fp8.safetensors" }),
        ("loras", new[] { "detail_tweaker_xl.safetensors" }),
        ("vae", new[] { "sdxl_vae.safetensors" }),
        ("clip", Array.Empty<string>()),
        ("controlnet", Array.Empty<string>()),
        ("upscale_models", new[] { "RealESRGAN_x4plus.pth" }),
        ("embeddings", Array.Empty<string>()),
    };

    /// <summary>A 1×1 lossless WebP.</summary>
    private static readonly byte[] PreviewWebp = Convert.FromBase64String("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    private static readonly (string Id, string Source, string Name, string NodePack)[] Subgraphs =
    {
        ("3f6c2a9e-upscale-and-sharpen", "templates", "Upscale and sharpen", "comfyui-core"),
        ("b8d41c07-face-detailer", "custom_node", "Face detailer", "comfyui-impact-pack"),
    };

    public static Task GetNodeInfoAsync(Call call)
    {
        var nodes = new JsonObject
        {
            ["CheckpointLoaderSimple"] = Node("CheckpointLoaderSimple", "Load Checkpoint", "loaders",
                Required(("ckpt_name", new JsonArray(ModelCatalog[0].Models.Select(m => (JsonNode?)m).ToArray()))),
                new[] { ("MODEL", "MODEL"), ("CLIP", "CLIP"), ("VAE", "VAE") }),
            ["CLIPTextEncode"] = Node("CLIPTextEncode", "CLIP Text Encode (Prompt)", "conditioning",
                Required(("text", new JsonArray("STRING", new JsonObject { ["multiline"] = true })), ("clip", new JsonArray("CLIP"))),
                new[] { ("CONDITIONING", "CONDITIONING") }),
            ["EmptyLatentImage"] = Node("EmptyLatentImage", "Empty Latent Image", "latent",
                Required(
                    ("width", new JsonArray("INT", new JsonObject { ["default"] = 512, ["min"] = 16, ["max"] = 16384, ["step"] = 8 })),
                    ("height", new JsonArray("INT", new JsonObject { ["default"] = 512, ["min"] = 16, ["max"] = 16384, ["step"] = 8 })),
                    ("batch_size", new JsonArray("INT", new JsonObject { ["default"] = 1, ["min"] = 1, ["max"] = 4096 }))),
                new[] { ("LATENT", "LATENT") }),
            ["KSampler"] = Node("KSampler", "KSampler", "sampling",
                Required(
                    ("model", new JsonArray("MODEL")),
                    ("seed", new JsonArray("INT", new JsonObject { ["default"] = 0, ["min"] = 0, ["max"] = 18446744073709551615UL })),
                    ("steps", new JsonArray("INT", new JsonObject { ["default"] = 20, ["min"] = 1, ["max"] = 10000 })),
                    ("cfg", new JsonArray("FLOAT", new JsonObject { ["default"] = 8.0, ["min"] = 0.0, ["max"] = 100.0, ["step"] = 0.1 })),
                    ("sampler_name", new JsonArray(new JsonArray("euler", "euler_ancestral", "dpmpp_2m"))),
                    ("scheduler", new JsonArray(new JsonArray("normal", "karras", "simple"))),
                    ("positive", new JsonArray("CONDITIONING")),
                    ("negative", new JsonArray("CONDITIONING")),
                    ("latent_image", new JsonArray("LATENT")),
                    ("denoise", new JsonArray("FLOAT", new JsonObject { ["default"] = 1.0, ["min"] = 0.0, ["max"] = 1.0, ["step"] = 0.01 }))),
                new[] { ("LATENT", "LATENT") }),
            ["VAEDecode"] = Node("VAEDecode", "VAE Decode", "latent",
                Required(("samples", new JsonArray("LATENT")), ("vae", new JsonArray("VAE"))),
                new[] { ("IMAGE", "IMAGE") }),
            ["LoadImage"] = Node("LoadImage", "Load Image", "image",
                Required(("image", new JsonArray(new JsonArray(), new JsonObject { ["image_upload"] = true }))),
                new[] { ("IMAGE", "IMAGE"), ("MASK", "MASK") }),
            ["SaveImage"] = Node("SaveImage", "Save Image", "image",
                Required(("images", new JsonArray("IMAGE")), ("filename_prefix", new JsonArray("STRING", new JsonObject { ["default"] = "ComfyUI" }))),
                Array.Empty<(string, string)>(), outputNode: true),
        };
        nodes["SaveImage"]!["description"] = "Saves the input images to your ComfyUI output directory.";
        return call.JsonAsync(200, nodes);
    }

    public static Task GetFeaturesAsync(Call call) => call.JsonAsync(200, new JsonObject
    {
        ["supports_preview_metadata"] = true,
        ["max_upload_size"] = 52428800,
        ["extension"] = new JsonObject { ["manager"] = new JsonObject { ["supports_v4"] = true } },
    });

    public static Task GetWorkflowTemplatesAsync(Call call) => call.JsonAsync(200, new JsonObject());

    public static Task GetGlobalSubgraphsAsync(Call call)
    {
        var result = new JsonObject();
        foreach (var s in Subgraphs)
        {
            result[s.Id] = SubgraphJson(s, data: string.Empty);
        }

        return call.JsonAsync(200, result);
    }

    public static Task GetGlobalSubgraphAsync(Call call)
    {
        string id = call.Path("id");
        foreach (var s in Subgraphs)
        {
            if (s.Id == id)
            {
                var data = new JsonObject
                {
                    ["id"] = s.Id,
                    ["revision"] = 0,
                    ["last_node_id"] = 2,
                    ["last_link_id"] = 1,
                    ["nodes"] = new JsonArray(
                        new JsonObject { ["id"] = 1, ["type"] = "ImageScaleBy", ["widgets_values"] = new JsonArray("lanczos", 2.0) },
                        new JsonObject { ["id"] = 2, ["type"] = "ImageSharpen", ["widgets_values"] = new JsonArray(1, 1.0, 0.5) }),
                    ["links"] = new JsonArray(new JsonArray(1, 1, 0, 2, 0, "IMAGE")),
                    ["extra"] = new JsonObject(),
                    ["version"] = 0.4,
                };
                return call.JsonAsync(200, SubgraphJson(s, data.ToJsonString()));
            }
        }

        throw ApiException.NotFound($"no subgraph blueprint '{id}'");
    }

    public static Task GetModelFoldersAsync(Call call)
    {
        var result = new JsonArray();
        foreach (var (folder, _) in ModelCatalog)
        {
            result.Add(new JsonObject { ["name"] = folder, ["folders"] = new JsonArray("/models/" + folder) });
        }

        return call.JsonAsync(200, result);
    }

    public static Task GetModelsInFolderAsync(Call call)
    {
        string folder = call.Path("folder");
        string[] models = ModelsIn(folder);
        var result = new JsonArray();
        foreach (string m in models)
        {
            result.Add(new JsonObject { ["name"] = m, ["pathIndex"] = 0 });
        }

        return call.JsonAsync(200, result);
    }

    public static async Task GetModelPreviewAsync(Call call)
    {
        string folder = call.Path("folder");
        string[] models = ModelsIn(folder);
        if (!int.TryParse(call.Path("path_index"), out int pathIndex) || pathIndex != 0)
        {
            throw ApiException.NotFound($"folder '{folder}' has no search path {call.Path("path_index")}");
        }

        string filename = call.Path("filename");
        string model = filename.EndsWith(".webp", StringComparison.OrdinalIgnoreCase) ? filename[..^5] : filename;
        if (!models.Contains(model, StringComparer.Ordinal))
        {
            throw ApiException.NotFound($"no model '{model}' in '{folder}'");
        }

        call.Response.StatusCode = 200;
        call.Response.ContentType = "image/webp";
        call.Response.ContentLength = PreviewWebp.Length;
        await call.Response.Body.WriteAsync(PreviewWebp, call.Http.RequestAborted).ConfigureAwait(false);
    }

    public static Task GetSystemStatsAsync(Call call) => call.JsonAsync(200, new JsonObject
    {
        ["system"] = new JsonObject
        {
            ["os"] = "posix",
            ["python_version"] = "3.12.9 (main, Feb  4 2025, 14:38:38) [GCC 12.2.0]",
            ["embedded_python"] = false,
            ["comfyui_version"] = "0.3.66",
            ["comfyui_frontend_version"] = "1.28.8",
            ["workflow_templates_version"] = "0.2.4",
            ["cloud_version"] = "0f1e2d3c",
            ["pytorch_version"] = "2.8.0+cu128",
            ["argv"] = new JsonArray("main.py", "--listen", "0.0.0.0"),
            ["ram_total"] = 270582939648L,
            ["ram_free"] = 201863462912L,
        },
        ["devices"] = new JsonArray(new JsonObject
        {
            ["name"] = "cuda:0 NVIDIA H100 80GB HBM3 : cudaMallocAsync",
            ["type"] = "cuda",
            ["index"] = 0,
            ["vram_total"] = 85029158912L,
            ["vram_free"] = 84374585344L,
            ["torch_vram_total"] = 0,
            ["torch_vram_free"] = 0,
        }),
    });

    public static Task GetUserAsync(Call call) => call.JsonAsync(200, new JsonObject { ["status"] = "active" });

    private static string[] ModelsIn(string folder)
    {
        foreach (var (f, models) in ModelCatalog)
        {
            if (f == folder)
            {
                if (models.Length == 0)
                {
                    throw ApiException.NotFound($"folder '{folder}' holds no models");
                }

                return models;
            }
        }

        throw ApiException.NotFound($"unknown model folder '{folder}'");
    }

    private static JsonObject SubgraphJson((string Id, string Source, string Name, string NodePack) s, string data) => new()
    {
        ["source"] = s.Source,
        ["name"] = s.Name,
        ["info"] = new JsonObject { ["node_pack"] = s.NodePack },
        ["data"] = data,
    };

    private static JsonObject Required(params (string Name, JsonArray Spec)[] inputs)
    {
        var required = new JsonObject();
        foreach (var (name, spec) in inputs)
        {
            required[name] = spec;
        }

        return new JsonObject { ["required"] = required };
    }

    private static JsonObject Node(string name, string displayName, string category, JsonObject input, (string Type, string Name)[] outputs, bool outputNode = false)
    {
        var order = new JsonArray();
        foreach (var kv in (JsonObject)input["required"]!)
        {
            order.Add(kv.Key);
        }

        return new JsonObject
        {
            ["input"] = input,
            ["input_order"] = new JsonObject { ["required"] = order },
            ["output"] = new JsonArray(outputs.Select(o => (JsonNode?)o.Type).ToArray()),
            ["output_is_list"] = new JsonArray(outputs.Select(_ => (JsonNode?)false).ToArray()),
            ["output_name"] = new JsonArray(outputs.Select(o => (JsonNode?)o.Name).ToArray()),
            ["name"] = name,
            ["display_name"] = displayName,
            ["description"] = string.Empty,
            ["python_module"] = "nodes",
            ["category"] = category,
            ["output_node"] = outputNode,
            ["output_tooltips"] = new JsonArray(outputs.Select(_ => (JsonNode?)string.Empty).ToArray()),
            ["deprecated"] = false,
            ["experimental"] = false,
            ["api_node"] = false,
        };
    }
}
