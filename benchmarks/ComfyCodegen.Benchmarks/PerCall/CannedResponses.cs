using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;

namespace ComfyCodegen.Benchmarks.PerCall;

/// <summary>
/// The bytes the canned server answers with, written by hand as the Comfy services send them (snake_case, every
/// documented field filled), and the 1 MiB file the uploads send.
/// </summary>
public static class CannedResponses
{
    /// <summary>How many assets the large Cloud answer holds, and how many outputs the large v2 job holds.</summary>
    public const int LargeCount = 1000;

    /// <summary>The upload size: 1 MiB.</summary>
    public const int UploadSize = 1 << 20;

    /// <summary>The asset and job ids the v2 calls ask for.</summary>
    public const string AssetId = "7f1c2b3a-0d4e-4f5a-8b6c-9d0e1f2a3b4c";

    public const string JobId = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";

    private const string Hash = "blake3:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A distinct content hash per item, as real answers carry (no client gets to share one string).</summary>
    private static string HashOf(int i) => "blake3:" + i.ToString("x8", CultureInfo.InvariantCulture) + Hash.Substring(15);

    /// <summary>The bytes uploaded (content is irrelevant; their number is not).</summary>
    public static byte[] UploadBytes { get; } = CreateUploadBytes();

    /// <summary>A fresh readable stream over <see cref="UploadBytes"/> for one call.</summary>
    public static Stream NewUploadStream() => new MemoryStream(UploadBytes, writable: false);

    /// <summary>GET /api/tags: 20 tags.</summary>
    public static byte[] CloudTags { get; } = Utf8(BuildTags());

    /// <summary>GET /api/assets: 1,000 assets.</summary>
    public static byte[] CloudAssets { get; } = Utf8(BuildAssets());

    /// <summary>POST /api/userdata/{file}: the stored file's details.</summary>
    public static byte[] CloudUserdata { get; } = Utf8("""{"path":"bench/upload.bin","size":1048576,"modified":"2026-11-30T01:02:03Z"}""");

    /// <summary>GET /api/v2/assets/{id} and POST /api/v2/assets: one asset.</summary>
    public static byte[] V2Asset { get; } = Utf8(BuildV2Asset());

    /// <summary>GET /api/v2/jobs/{id}: a completed job with 1,000 outputs.</summary>
    public static byte[] V2Job { get; } = Utf8(BuildV2Job());

    /// <summary>A handler answering the three Cloud calls.</summary>
    public static CannedHandler CloudHandler() => new CannedHandler()
        .Answer(HttpMethod.Get, "/api/tags", CloudTags)
        .Answer(HttpMethod.Get, "/api/assets", CloudAssets)
        .Answer(HttpMethod.Post, "/api/userdata/", CloudUserdata);

    /// <summary>A handler answering the three v2 calls.</summary>
    public static CannedHandler V2Handler() => new CannedHandler()
        .Answer(HttpMethod.Get, "/api/v2/assets/", V2Asset)
        .Answer(HttpMethod.Get, "/api/v2/jobs/", V2Job)
        .Answer(HttpMethod.Post, "/api/v2/assets", V2Asset, status: 201);

    private static byte[] CreateUploadBytes()
    {
        var bytes = new byte[UploadSize];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Guid(int seed) => new Guid(seed, 0x1c2b, 0x4f5a, 0x8b, 0x6c, 0x9d, 0x0e, 0x1f, 0x2a, 0x3b, 0x4c).ToString();

    private static string BuildTags()
    {
        var json = new StringBuilder("""{"tags":[""");
        for (var i = 0; i < 20; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""{"name":"tag-{{i}}","count":{{1000 - i}}}""");
        }

        return json.Append("""],"total":20,"has_more":false}""").ToString();
    }

    private static string BuildAssets()
    {
        var json = new StringBuilder("""{"assets":[""");
        for (var i = 0; i < LargeCount; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""
                {"id":"{{Guid(i)}}","name":"image_{{i:D5}}.png","asset_hash":"{{HashOf(i)}}","size":{{100_000 + i}},"mime_type":"image/png","tags":["output","bench"],"user_metadata":{"seed":{{i}},"source":"bench"},"preview_url":"https://cdn.comfy.invalid/preview/{{i}}.webp","preview_id":null,"prompt_id":"{{Guid(i + 1_000_000)}}","created_at":"2026-11-30T01:02:03.456Z","updated_at":"2026-11-30T01:02:04Z","last_access_time":"2026-11-30T01:03:00Z","is_immutable":false}
                """);
        }

        return json.Append(CultureInfo.InvariantCulture, $$"""],"total":{{LargeCount}},"has_more":false}""").ToString();
    }

    private static string BuildV2Asset() => $$"""
        {"id":"{{AssetId}}","hash":"{{Hash}}","size_bytes":1048576,"content_type":"image/png","file_path":"inputs/photo.png","created_new":true,"created_at":"2026-11-30T01:02:03Z","url":"https://cdn.comfy.invalid/a/{{AssetId}}?sig=abc","url_expires_at":"2026-11-30T02:02:03Z","expires_at":null,"job_id":null}
        """;

    private static string BuildV2Job()
    {
        var json = new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""
            {"id":"{{JobId}}","status":"succeeded","created_at":"2026-11-30T01:00:00Z","started_at":"2026-11-30T01:00:01Z","completed_at":"2026-11-30T01:00:09Z","expires_at":"2026-12-07T01:00:00Z","queue_position":null,"progress":null,"outputs":[
            """);
        for (var i = 0; i < LargeCount; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""
                {"node_id":"{{9 + (i % 7)}}","name":"ComfyUI_{{i:D5}}_.png","type":"image","content_type":"image/png","size_bytes":{{200_000 + i}},"id":"{{Guid(i)}}","hash":"{{HashOf(i)}}","url":"https://cdn.comfy.invalid/o/{{i}}.png?sig=abc","url_expires_at":"2026-11-30T02:00:00Z","job_id":"{{JobId}}"}
                """);
        }

        return json.Append($$$"""],"error":null,"metrics":{"execution_ms":8000,"queue_ms":null},"urls":{"self":"/api/v2/jobs/{{{JobId}}}","events":"/api/v2/jobs/{{{JobId}}}/events","cancel":"/api/v2/jobs/{{{JobId}}}/cancel"}}""").ToString();
    }
}
