using System;
using System.Text.Json;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>
/// Workflows (API format) that run on the test server without model files. Each takes a colour and a file name prefix
/// so that no two tests share cached node results or output names.
/// </summary>
internal static class LocalPrompts
{
    /// <summary>A fresh colour, so the server's cache never answers for EmptyImage.</summary>
    public static int FreshColor() => Random.Shared.Next(0, 0xFFFFFF);

    /// <summary>A fresh output prefix.</summary>
    public static string FreshPrefix(string what) => "ws_" + what + "_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>1 EmptyImage (size × size, colour) → 2 ImageInvert → 3 SaveImage.</summary>
    public static JsonElement InvertedEmptyImage(int color, string prefix, int size = 64) => Parse($$"""
        {
          "1": { "class_type": "EmptyImage", "inputs": { "width": {{size}}, "height": {{size}}, "batch_size": 1, "color": {{color}} } },
          "2": { "class_type": "ImageInvert", "inputs": { "image": ["1", 0] } },
          "3": { "class_type": "SaveImage", "inputs": { "images": ["2", 0], "filename_prefix": "{{prefix}}" } }
        }
        """);

    /// <summary>
    /// 1 EmptyImage → 5 VAEEncodeTiled → 6 VAEDecodeTiled → 3 SaveImage, with 4 VAELoader "pixel_space" (built in, no
    /// file): the tiled VAE nodes report a progress step per tile, the only built-in steps that need no model.
    /// </summary>
    public static JsonElement TiledVaeRoundTrip(int color, string prefix, int size = 128) => Parse($$"""
        {
          "1": { "class_type": "EmptyImage", "inputs": { "width": {{size}}, "height": {{size}}, "batch_size": 1, "color": {{color}} } },
          "4": { "class_type": "VAELoader", "inputs": { "vae_name": "pixel_space" } },
          "5": { "class_type": "VAEEncodeTiled", "inputs": { "pixels": ["1", 0], "vae": ["4", 0], "tile_size": 64, "overlap": 0, "temporal_size": 64, "temporal_overlap": 8 } },
          "6": { "class_type": "VAEDecodeTiled", "inputs": { "samples": ["5", 0], "vae": ["4", 0], "tile_size": 64, "overlap": 0, "temporal_size": 64, "temporal_overlap": 8 } },
          "3": { "class_type": "SaveImage", "inputs": { "images": ["6", 0], "filename_prefix": "{{prefix}}" } }
        }
        """);

    /// <summary>1 EmptyImage → 2 Morphology (kornia, a stand-in on the test server: it raises NotImplementedError when run) → 3 SaveImage.</summary>
    public static JsonElement FailingMorphology(int color, string prefix) => Parse($$"""
        {
          "1": { "class_type": "EmptyImage", "inputs": { "width": 64, "height": 64, "batch_size": 1, "color": {{color}} } },
          "2": { "class_type": "Morphology", "inputs": { "image": ["1", 0], "operation": "erode", "kernel_size": 3 } },
          "3": { "class_type": "SaveImage", "inputs": { "images": ["2", 0], "filename_prefix": "{{prefix}}" } }
        }
        """);

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
