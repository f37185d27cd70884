using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ComfyCodegen.FakeCloud.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ComfyCodegen.FakeCloud.Handlers;

/// <summary>/api/view (+ the signed-URL host), /api/upload/image, /api/upload/mask, /api/files/mask-layers.</summary>
internal static class FileHandlers
{
    private const long MaxImageBytes = 50L * 1024 * 1024;
    private const int MaxImageSide = 16384;
    private const long MaxImagePixels = 67108864;

    // ---- view -----------------------------------------------------------------------------

    public static async Task ViewAsync(Call call)
    {
        string filename = call.RequiredQuery("filename");
        call.QueryIntOrNull("frame_rate", null, null);
        call.QueryIntOrNull("timestamp", null, null);
        string? channel = call.QueryString("channel");
        if (channel is not null && channel is not ("rgb" or "a" or "alpha"))
        {
            throw ApiException.InvalidParameter($"channel must be rgb, a or alpha, got '{channel}'");
        }

        StoredFile file;
        string? token = null;
        ViewResponseMode mode;
        lock (call.State.Gate)
        {
            file = FindFile(call.State, filename) ?? throw ApiException.NotFound($"file '{filename}' not found");
            mode = call.State.ViewMode;
            if (channel is null && mode != ViewResponseMode.Direct)
            {
                token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                call.State.SignedTokens[token] = file;
            }
        }

        if (!file.Blob.CanServe)
        {
            throw ApiException.NotFound($"the fake did not retain the bytes of '{filename}' (larger than MaxRetainedBytes)");
        }

        if (token is null)
        {
            // channel requested (spec: served directly as PNG) or ViewResponseMode.Direct.
            await ServeAsync(call.Http, file, channel is null ? file.ContentType : "image/png").ConfigureAwait(false);
            return;
        }

        string signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        string relative = $"/signed/{token}?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=900&X-Goog-Signature={signature}";
        string location = mode switch
        {
            ViewResponseMode.SameOriginRelativeRedirect => relative,
            ViewResponseMode.SameOriginRedirect => call.Server.BaseAddress.GetLeftPart(UriPartial.Authority) + relative,
            _ => call.Server.SecondOriginAddress.GetLeftPart(UriPartial.Authority) + relative,
        };
        call.Response.StatusCode = 302;
        call.Response.Headers.Location = location;
        call.Response.Headers.CacheControl = "no-store";
        call.Response.ContentLength = 0;
    }

    /// <summary>The main origin's /signed/{token} (same-origin redirect target; no API key needed, like a signed URL).</summary>
    public static Task ServeSignedSameOriginAsync(Call call) => ServeTokenAsync(call.Http, call.State, call.Path("token"));

    /// <summary>Everything on the second origin: GET/HEAD /signed/{token}; anything else is a 404 in GCS style.</summary>
    public static async Task ServeSignedAsync(HttpContext ctx, FakeCloudState state, string rawPath)
    {
        string[] segments = rawPath.TrimStart('/').Split('/');
        bool getOrHead = HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method);
        if (getOrHead && segments.Length == 2 && segments[0] == "signed")
        {
            await ServeTokenAsync(ctx, state, Uri.UnescapeDataString(segments[1])).ConfigureAwait(false);
            return;
        }

        await WriteNoSuchKeyAsync(ctx).ConfigureAwait(false);
    }

    private static async Task ServeTokenAsync(HttpContext ctx, FakeCloudState state, string token)
    {
        StoredFile? file;
        lock (state.Gate)
        {
            file = state.SignedTokens.GetValueOrDefault(token);
        }

        if (file is null || !file.Blob.CanServe)
        {
            await WriteNoSuchKeyAsync(ctx).ConfigureAwait(false);
            return;
        }

        await ServeAsync(ctx, file, file.ContentType).ConfigureAwait(false);
    }

    private static async Task WriteNoSuchKeyAsync(HttpContext ctx)
    {
        byte[] xml = Encoding.UTF8.GetBytes("<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
        ctx.Response.StatusCode = 404;
        ctx.Response.ContentType = "application/xml; charset=UTF-8";
        ctx.Response.ContentLength = xml.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(xml, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>200 with Content-Type, Content-Length, Content-Disposition (inline; filename) and the bytes (none for HEAD).</summary>
    internal static async Task ServeAsync(HttpContext ctx, StoredFile file, string contentType)
    {
        var disposition = new ContentDispositionHeaderValue("inline");
        if (file.Name.All(c => c >= 0x20 && c < 0x7F))
        {
            disposition.FileName = HeaderUtilities.EscapeAsQuotedString(file.Name);
        }
        else
        {
            disposition.SetHttpFileName(file.Name);
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = file.Blob.Size;
        ctx.Response.Headers.ContentDisposition = disposition.ToString();
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await file.Blob.WriteToAsync(ctx.Response.Body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>By stored name first, then by asset name. Call with the state lock held.</summary>
    private static StoredFile? FindFile(FakeCloudState state, string filename)
    {
        if (state.FileMap.TryGetValue(filename, out StoredFile? f))
        {
            return f;
        }

        AssetRecord? asset = state.AssetMap.Values.OrderBy(a => a.Seq).FirstOrDefault(a => a.Name == filename && a.StoredFileName is not null);
        return asset is not null ? state.FileMap.GetValueOrDefault(asset.StoredFileName!) : null;
    }

    // ---- uploads ------------------------------------------------------------------------------

    public static async Task UploadImageAsync(Call call)
    {
        MultipartForm form = await MultipartForm.ReadAsync(call, call.State.MaxRetainedBytes, "image").ConfigureAwait(false);
        UploadedFile image = form.File("image") ?? throw ApiException.BadRequest("the 'image' part is required");
        string? overwrite = form.Field("overwrite");
        if (overwrite is not null && overwrite.ToLowerInvariant() is not ("true" or "false" or "1" or "0" or ""))
        {
            throw ApiException.BadRequest("'overwrite' must be true or false");
        }

        string subfolder = form.Field("subfolder") ?? string.Empty;
        string type = form.Field("type") is { Length: > 0 } t ? t : "output";
        string name = StoreImage(call, image, type);
        await call.JsonAsync(200, new JsonObject { ["name"] = name, ["subfolder"] = subfolder, ["type"] = type }).ConfigureAwait(false);
    }

    public static async Task UploadMaskAsync(Call call)
    {
        MultipartForm form = await MultipartForm.ReadAsync(call, call.State.MaxRetainedBytes, "image").ConfigureAwait(false);
        UploadedFile image = form.File("image") ?? throw ApiException.BadRequest("the 'image' part is required");
        string originalRef = form.Field("original_ref") ?? throw ApiException.BadRequest("the 'original_ref' part is required");
        string originalName;
        try
        {
            originalName = (JsonNode.Parse(originalRef) as JsonObject)?["filename"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : throw ApiException.BadRequest("'original_ref' must be a JSON object with a filename");
        }
        catch (JsonException)
        {
            throw ApiException.BadRequest("'original_ref' is not valid JSON");
        }

        string subfolder = form.Field("subfolder") ?? string.Empty;
        string type = form.Field("type") is { Length: > 0 } t ? t : "output";
        string layer = LayerOf(image.FileName);
        string name = StoreImage(call, image, type);

        var related = new JsonObject();
        string originalHash;
        lock (call.State.Gate)
        {
            originalHash = call.State.FileMap.TryGetValue(originalName, out StoredFile? original) && original.Blob.Blake3Hex is string hex
                ? hex
                : System.IO.Path.GetFileNameWithoutExtension(originalName);
            if (!call.State.MaskGroupsByOriginal.TryGetValue(originalName, out MaskGroup? group))
            {
                call.State.MaskGroupsByOriginal[originalName] = group = new MaskGroup(originalHash);
            }

            group.Layers[layer] = name;
            call.State.MaskGroupsByFile[name] = group;
            foreach (string other in new[] { "mask", "paint", "painted" })
            {
                if (other != layer && group.Layers.TryGetValue(other, out string? otherName))
                {
                    related[other] = System.IO.Path.GetFileNameWithoutExtension(otherName);
                }
            }
        }

        await call.JsonAsync(200, new JsonObject
        {
            ["name"] = name,
            ["subfolder"] = subfolder,
            ["type"] = type,
            ["metadata"] = new JsonObject
            {
                ["is_mask"] = true,
                ["original_hash"] = originalHash,
                ["mask_type"] = layer,
                ["related_files"] = related,
            },
        }).ConfigureAwait(false);
    }

    public static Task GetMaskLayersAsync(Call call)
    {
        string filename = call.RequiredQuery("filename");
        JsonObject json;
        lock (call.State.Gate)
        {
            MaskGroup group = call.State.MaskGroupsByFile.GetValueOrDefault(filename) ?? throw ApiException.NotFound($"'{filename}' is not a layer of a known mask");
            json = new JsonObject();
            foreach (string layer in new[] { "mask", "paint", "painted", "painted_masked" })
            {
                json[layer] = group.Layers.GetValueOrDefault(layer);
            }
        }

        return call.JsonAsync(200, json);
    }

    /// <summary>Checks the spec's image limits, stores the file as "&lt;blake3&gt;.&lt;ext&gt;" and records it as an asset tagged with the type.</summary>
    private static string StoreImage(Call call, UploadedFile image, string type)
    {
        if (image.Content.Size > MaxImageBytes)
        {
            throw ApiException.BadRequest($"image is larger than 50 MB ({image.Content.Size} bytes)");
        }

        if (Png.TryReadSize(image.Head) is (int w, int h) && (w > MaxImageSide || h > MaxImageSide || (long)w * h > MaxImagePixels))
        {
            throw ApiException.BadRequest($"image is {w}x{h}; at most {MaxImageSide} px per side and {MaxImagePixels} px in total are allowed");
        }

        string mime = image.ContentType is { Length: > 0 } ct && ct.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? ct : MimeTypes.FromName(image.FileName);
        string ext = MimeTypes.ExtensionOf(image.FileName, mime);
        string name = image.Content.Blake3Hex + (ext.Length > 0 ? ext : ".png");
        lock (call.State.Gate)
        {
            Blob blob = call.State.RegisterBlob(Blob.FromHashed(image.Content));
            call.State.FileMap[name] = new StoredFile(name, blob, mime == "application/octet-stream" ? "image/png" : mime, type);
            if (!call.State.AssetMap.Values.Any(a => ReferenceEquals(a.Blob, blob)))
            {
                AssetRecord a = call.State.CreateAsset(image.FileName, blob, FakeCloudState.NormalizeTags(new[] { type }), mime, new JsonObject(), previewId: null);
                a.StoredFileName = name;
            }
        }

        return name;
    }

    private static string LayerOf(string fileName)
    {
        string f = fileName.ToLowerInvariant();
        if (f.Contains("painted_masked", StringComparison.Ordinal) || f.Contains("painted-masked", StringComparison.Ordinal))
        {
            return "painted_masked";
        }

        if (f.Contains("painted", StringComparison.Ordinal))
        {
            return "painted";
        }

        return f.Contains("paint", StringComparison.Ordinal) ? "paint" : "mask";
    }
}
