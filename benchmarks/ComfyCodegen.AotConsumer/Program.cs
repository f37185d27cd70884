using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using ComfyCodegen.Runtime;
using AotConsumer.Cloud;
using AotConsumer.V2;
using Microsoft.Extensions.DependencyInjection;
using Cloud = AotConsumer.Cloud;
using CloudJson = AotConsumer.Cloud.Serialization;
using Local = AotConsumer.Local;
using V2 = AotConsumer.V2;
using V2Json = AotConsumer.V2.Serialization;

namespace ComfyCodegen.AotConsumer;

/// <summary>
/// Calls the generated Comfy Cloud, Comfy API v2 and ComfyUI clients the way a user does, over an in-memory server,
/// so a native AOT publish keeps (and analyzes) the real code paths: query building, validation, JSON through the
/// generated converters, multipart and octet-stream uploads, typed errors, Server-Sent Events, open enums, and the
/// generated Add{Client} registration on IHttpClientFactory with its resilience pipeline. Exits 0 only when every
/// check passed.
/// </summary>
public static class Program
{
    private const string AssetId = "7f1c2b3a-0d4e-4f5a-8b6c-9d0e1f2a3b4c";
    private const string JobId = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";
    private const string Hash = "blake3:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private const string Tags = """{"tags":[{"name":"input","count":3},{"name":"output","count":7}],"total":2,"has_more":false}""";

    private const string CloudAsset = $$"""
        {"id":"{{AssetId}}","name":"photo.png","asset_hash":"{{Hash}}","size":3,"mime_type":"image/png","tags":["input"],"user_metadata":{"seed":42},"preview_url":"https://cdn.comfy.invalid/p.webp","preview_id":null,"prompt_id":null,"created_at":"2026-11-30T01:02:03.456Z","updated_at":"2026-11-30T01:02:04Z","last_access_time":"2026-11-30T01:03:00Z","is_immutable":false
        """;

    private const string Assets = "{\"assets\":[" + CloudAsset + "}],\"total\":1,\"has_more\":false}";

    private const string AssetCreated = CloudAsset + ",\"created_new\":true}";

    private const string V2Asset = $$"""
        {"id":"{{AssetId}}","hash":"{{Hash}}","size_bytes":3,"content_type":"image/png","file_path":"inputs/photo.png","created_new":true,"created_at":"2026-11-30T01:02:03Z","url":"https://cdn.comfy.invalid/a/{{AssetId}}?sig=abc","url_expires_at":"2026-11-30T02:02:03Z","expires_at":null,"job_id":null}
        """;

    private static string V2Job(string status) => $$$"""
        {"id":"{{{JobId}}}","status":"{{{status}}}","created_at":"2026-11-30T01:00:00Z","started_at":"2026-11-30T01:00:01Z","completed_at":null,"expires_at":"2026-12-07T01:00:00Z","queue_position":null,"progress":null,"outputs":[{"node_id":"9","name":"ComfyUI_00001_.png","type":"image","content_type":"image/png","size_bytes":200000,"id":"{{{AssetId}}}","hash":"{{{Hash}}}","url":"https://cdn.comfy.invalid/o/1.png?sig=abc","url_expires_at":"2026-11-30T02:00:00Z","job_id":"{{{JobId}}}"}],"error":null,"metrics":{"execution_ms":8000,"queue_ms":null},"urls":{"self":"/api/v2/jobs/{{{JobId}}}","events":"/api/v2/jobs/{{{JobId}}}/events","cancel":"/api/v2/jobs/{{{JobId}}}/cancel"}}
        """;

    private const string JobEvents =
        "event: status\ndata: {\"status\":\"running\",\"queue_position\":null}\n\n" +
        "event: progress\ndata: {\"value\":0.5,\"nodes_done\":1,\"nodes_total\":2}\n\n" +
        "event: heartbeat\ndata: {\"at\":1}\n\n" +
        "event: status\ndata: {\"status\":\"succeeded\",\"queue_position\":null}\n\n";

    private static int s_passed;
    private static readonly List<string> s_failed = new();

    /// <summary>Runs every check; 0 when all passed, 1 otherwise.</summary>
    public static async Task<int> Main()
    {
        await Check("cloud: ListTagsAsync (query, API key, JSON)", CloudListTags);
        await Check("cloud: ListAssetsAsync and ListAssetsAllAsync", CloudListAssets);
        await Check("cloud: UploadAssetAsync (multipart, 201)", CloudUploadMultipart);
        await Check("cloud: PostUserdataFileAsync (octet-stream)", CloudUploadOctetStream);
        await Check("cloud: typed error ApiException<ErrorResponse> on 404", CloudTypedError);
        await Check("cloud: validation throws before sending", CloudValidation);
        await Check("v2: GetJobAsync, PostAssetsAsync (multipart)", V2Calls);
        await Check("v2: GetJobEventsAsync (Server-Sent Events)", V2Events);
        await Check("v2: unknown enum value round-trips", V2UnknownEnum);
        await Check("json: JsonSerializer through the generated converters", JsonRoundTrip);
        await Check("comfyui: GetQueueInfoAsync, ListTagsAsync", ComfyUiCalls);
        await Check("di: AddComfyCloudClient + AddComfyApiV2Client, retry on 503", DependencyInjection);

        Console.WriteLine(s_failed.Count == 0
            ? $"AotConsumer: all {s_passed} checks passed"
            : $"AotConsumer: {s_failed.Count} of {s_passed + s_failed.Count} checks FAILED: {string.Join("; ", s_failed)}");
        return s_failed.Count == 0 ? 0 : 1;
    }

    private static async Task Check(string name, Func<Task> check)
    {
        try
        {
            await check().ConfigureAwait(false);
            s_passed++;
            Console.WriteLine($"  ok   {name}");
        }
        catch (Exception exception)
        {
            s_failed.Add(name);
            Console.WriteLine($"  FAIL {name}: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("expected " + what);
        }
    }

    private static ApiClientOptions Options(string? apiKey = null, string? bearer = null) =>
        new() { BaseAddress = InMemoryServer.BaseAddress, ApiKey = apiKey, BearerToken = bearer };

    private static HttpClient Http(InMemoryServer server) => new(server, disposeHandler: false);

    private static async Task CloudListTags()
    {
        var server = new InMemoryServer().OnJson(HttpMethod.Get, "/api/tags", Tags);
        using var http = Http(server);
        using var client = new Cloud.ComfyCloudClient(http, Options(apiKey: "secret-key"));

        Cloud.ListTagsResponse page = await client.ListTagsAsync(prefix: "in", limit: 50, order: Cloud.ListTagsOrder.NameAsc);

        Expect(page.Total == 2 && page.Tags.Count == 2 && page.Tags[1].Name == "output" && page.Tags[1].Count == 7 && !page.HasMore, "the tags page");
        var request = server.Requests.Single();
        Expect(request.Query.Contains("prefix=in", StringComparison.Ordinal) && request.Query.Contains("limit=50", StringComparison.Ordinal) && request.Query.Contains("order=name_asc", StringComparison.Ordinal), $"the query, got '{request.Query}'");
        Expect(request.Header("X-API-Key") == "secret-key", "the X-API-Key header");
    }

    private static async Task CloudListAssets()
    {
        var server = new InMemoryServer().OnJson(HttpMethod.Get, "/api/assets", Assets);
        using var http = Http(server);
        using var client = new Cloud.ComfyCloudClient(http, Options(apiKey: "k"));

        var page = await client.ListAssetsAsync(includeTags: new[] { "input" }, limit: 10, sort: Cloud.ListAssetsSort.CreatedAt, order: Cloud.ListAssetsOrder.Desc);
        var asset = page.Assets.Single();
        Expect(asset.Id == Guid.Parse(AssetId) && asset.Size == 3 && asset.CreatedAt == new DateTimeOffset(2026, 11, 30, 1, 2, 3, 456, TimeSpan.Zero), "the asset's typed members");
        Expect(asset.UserMetadata is { } metadata && metadata.GetProperty("seed").GetInt32() == 42, "user_metadata as a JsonElement");
        Expect(asset.PreviewUrl == new Uri("https://cdn.comfy.invalid/p.webp") && asset.PreviewId is null, "preview_url as a Uri");

        var all = new List<Cloud.Asset>();
        await foreach (var item in client.ListAssetsAllAsync(limit: 10))
        {
            all.Add(item);
        }

        Expect(all.Count == 1 && server.Requests.Count == 2, "one page fetched by ListAssetsAllAsync");
    }

    private static async Task CloudUploadMultipart()
    {
        var server = new InMemoryServer().OnJson(HttpMethod.Post, "/api/assets", AssetCreated, status: 201);
        using var http = Http(server);
        using var client = new Cloud.ComfyCloudClient(http, Options(apiKey: "k"));
        using var input = new MemoryStream(new byte[] { 0x89, (byte)'P', (byte)'N' });

        var created = await client.UploadAssetAsync(new Cloud.UploadAssetMultipartRequest { File = new ApiFile(input, "photo.png", "image/png"), Tags = new[] { "input" } });

        Expect(created.StatusCode == 201 && created.Value.CreatedNew && created.Value.Name == "photo.png", "201 with the created asset");
        var request = server.Requests.Single();
        Expect(request.ContentType?.StartsWith("multipart/form-data", StringComparison.Ordinal) == true, $"a multipart body, got '{request.ContentType}'");
        Expect(request.BodyText.Contains("name=\"file\"; filename=\"photo.png\"", StringComparison.Ordinal) && request.BodyText.Contains("name=\"tags\"", StringComparison.Ordinal), "the file and tags parts");
    }

    private static async Task CloudUploadOctetStream()
    {
        var server = new InMemoryServer().OnJson(HttpMethod.Post, "/api/userdata/upload.bin", """{"path":"upload.bin","size":3,"modified":"2026-11-30T01:02:03Z"}""");
        using var http = Http(server);
        using var client = new Cloud.ComfyCloudClient(http, Options(apiKey: "k"));
        using var body = new MemoryStream(new byte[] { 1, 2, 3 });

        var stored = await client.PostUserdataFileAsync("upload.bin", body);

        Expect(stored.Path == "upload.bin" && stored.Size == 3, "the stored file's details");
        var request = server.Requests.Single();
        Expect(request.ContentType == "application/octet-stream" && request.Body.SequenceEqual(new byte[] { 1, 2, 3 }), "the raw bytes sent as application/octet-stream");
    }

    private static async Task CloudTypedError()
    {
        var server = new InMemoryServer().OnJson(HttpMethod.Get, "/api/assets/" + AssetId, """{"code":"not_found","message":"no such asset"}""", status: 404);
        using var http = Http(server);
        using var client = new Cloud.ComfyCloudClient(http, Options(apiKey: "k"));

        try
        {
            await client.GetAssetByIdAsync(Guid.Parse(AssetId));
            Expect(false, "an ApiException<ErrorResponse>");
        }
        catch (ApiException<Cloud.ErrorResponse> e) when (e.StatusCode == 404)
        {
            Expect(e.Error.Code == "not_found" && e.Error.Message == "no such asset", "the parsed error body");
        }
    }

    private static async Task CloudValidation()
    {
        var server = new InMemoryServer();
        using var http = Http(server);
        using var client = new Cloud.ComfyCloudClient(http, Options(apiKey: "k"));

        try
        {
            await client.ListTagsAsync(limit: 5000);
            Expect(false, "an ArgumentOutOfRangeException");
        }
        catch (ArgumentOutOfRangeException e)
        {
            Expect(e.ParamName == "limit" && server.Requests.Count == 0, "the argument named and nothing sent");
        }
    }

    private static async Task V2Calls()
    {
        var server = new InMemoryServer()
            .OnJson(HttpMethod.Get, "/api/v2/jobs/" + JobId, V2Job("succeeded"))
            .OnJson(HttpMethod.Post, "/api/v2/assets", V2Asset, status: 201);
        using var http = Http(server);
        using var client = new V2.ComfyApiV2Client(http, Options(bearer: "token"));

        V2.Job job = await client.GetJobAsync(JobId);
        Expect(job.Status == V2.JobStatus.Succeeded && job.Status.IsDefined && job.CompletedAt is null, "the job's status");
        Expect(job.Outputs.Single().Type == V2.OutputType.Image && job.Outputs[0].Url.Host == "cdn.comfy.invalid" && job.Metrics?["queue_ms"] is null && job.Metrics?["execution_ms"] == 8000, "the job's outputs and metrics");
        Expect(server.Requests[0].Header("Authorization") == "Bearer token", "the bearer token");

        using var input = new MemoryStream(new byte[] { 1, 2, 3 });
        var asset = await client.PostAssetsAsync(new V2.PostAssetsRequest { File = new ApiFile(input, "photo.png", "image/png"), ContentType = "image/png", FilePath = "inputs/photo.png" }, idempotencyKey: "key-1");
        Expect(asset.StatusCode == 201 && asset.Value.SizeBytes == 3 && asset.Value.CreatedNew == true, "the created asset");
        Expect(server.Requests[1].Header("Idempotency-Key") == "key-1" && server.Requests[1].BodyText.Contains("name=\"file_path\"", StringComparison.Ordinal), "the idempotency key and the multipart parts");
    }

    private static async Task V2Events()
    {
        var server = new InMemoryServer().On(HttpMethod.Get, $"/api/v2/jobs/{JobId}/events", _ => new CannedAnswer(200, "text/event-stream", JobEvents));
        using var http = Http(server);
        using var client = new V2.ComfyApiV2Client(http, Options(bearer: "token"));

        var events = new List<V2.GetJobEventsEvent>();
        await foreach (var e in client.GetJobEventsAsync(JobId))
        {
            events.Add(e);
        }

        Expect(string.Join(",", events.Select(e => e.EventType)) == "status,progress,heartbeat,status", "the four events in order");
        Expect(events[0].Status?.Status == V2.JobStatus.Running && events[1].Progress is { Value: 0.5, NodesTotal: 2 }, "typed status and progress events");
        Expect(events[2].Json?.GetProperty("at").GetInt32() == 1 && events[3].Status?.Status == V2.JobStatus.Succeeded, "an unlisted event as JSON, then the final status");
    }

    private static async Task V2UnknownEnum()
    {
        var server = new InMemoryServer().OnJson(HttpMethod.Get, "/api/v2/jobs/" + JobId, V2Job("hibernating"));
        using var http = Http(server);
        using var client = new V2.ComfyApiV2Client(http, Options(bearer: "token"));

        var job = await client.GetJobAsync(JobId);
        Expect(!job.Status.IsDefined && job.Status.Value == "hibernating" && job.Status != V2.JobStatus.Succeeded, "an unknown status kept, not defined");

        var json = Encoding.UTF8.GetString(ApiJson.SerializeToUtf8Bytes(job, V2Json.JobJsonConverter.Instance));
        Expect(json.Contains("\"status\":\"hibernating\"", StringComparison.Ordinal), "the unknown value written back as it came");
    }

    private static Task JsonRoundTrip()
    {
        // JsonSerializer itself, AOT-safe: the generated type-info resolvers (no reflection, no System.Text.Json
        // source generator), chained for the two clients' types.
        var options = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine(V2Json.ComfyApiV2ClientJsonTypeInfoResolver.Default, CloudJson.ComfyCloudClientJsonTypeInfoResolver.Default) };
        var jobInfo = (JsonTypeInfo<V2.Job>)options.GetTypeInfo(typeof(V2.Job));
        var statusInfo = (JsonTypeInfo<V2.JobStatus>)options.GetTypeInfo(typeof(V2.JobStatus));
        var tagsInfo = (JsonTypeInfo<Cloud.ListTagsResponse>)options.GetTypeInfo(typeof(Cloud.ListTagsResponse));

        var job = JsonSerializer.Deserialize(V2Job("running"), jobInfo) ?? throw new InvalidOperationException("null job");
        var written = JsonSerializer.Serialize(job, jobInfo);
        Expect(job.Status == V2.JobStatus.Running && written.Contains("\"completed_at\":null", StringComparison.Ordinal) && written.Contains("\"node_id\":\"9\"", StringComparison.Ordinal), "snake_case JSON with explicit nulls");
        var again = JsonSerializer.Deserialize(written, jobInfo)!;
        Expect(JsonSerializer.Serialize(again, jobInfo) == written, "a stable round trip");

        var unknown = JsonSerializer.Deserialize("\"paused\"", statusInfo);
        Expect(!unknown.IsDefined && JsonSerializer.Serialize(unknown, statusInfo) == "\"paused\"", "an unknown enum value through JsonSerializer");

        var tags = JsonSerializer.Deserialize(Tags, tagsInfo)!;
        Expect(tags.Tags.Count == 2 && JsonSerializer.Serialize(tags, tagsInfo) == Tags, "the tags page written back byte for byte");

        try
        {
            JsonSerializer.Deserialize("""{"tags":[],"total":0}""", tagsInfo);
            Expect(false, "a JsonException for a missing required member");
        }
        catch (JsonException)
        {
        }

        return Task.CompletedTask;
    }

    private static async Task ComfyUiCalls()
    {
        var server = new InMemoryServer()
            .OnJson(HttpMethod.Get, "/api/queue", """{"queue_running":[[0,"p1",{}]],"queue_pending":[]}""")
            .OnJson(HttpMethod.Get, "/api/tags", Tags);
        using var http = Http(server);
        using var client = new Local.ComfyUiClient(http, Options());

        var queue = await client.GetQueueInfoAsync();
        Expect(queue.QueueRunning?.Single()[1].GetString() == "p1" && queue.QueuePending?.Count == 0, "the queue");
        var tags = await client.ListTagsAsync(order: Local.ListTagsOrder.CountDesc);
        Expect(tags.Tags.Count == 2 && server.Requests[1].Query.Contains("order=count_desc", StringComparison.Ordinal), "the tags");
    }

    private static async Task DependencyInjection()
    {
        var calls = 0;
        var server = new InMemoryServer()
            .On(HttpMethod.Get, "/api/tags", _ => ++calls == 1
                ? new CannedAnswer(503, "application/json", """{"code":"unavailable","message":"try later"}""")
                : new CannedAnswer(200, "application/json", Tags))
            .OnJson(HttpMethod.Get, "/api/v2/jobs/" + JobId, V2Job("queued"));

        var services = new ServiceCollection();
        services.AddComfyCloudClient(
                options =>
                {
                    options.BaseAddress = InMemoryServer.BaseAddress;
                    options.ApiKey = "di-key";
                },
                resilience => resilience.Retry.Delay = TimeSpan.FromMilliseconds(1))
            .ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddComfyApiV2Client(options => options.BaseAddress = InMemoryServer.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => server);

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var cloud = provider.GetRequiredService<Cloud.IComfyCloudClient>();
        var page = await cloud.ListTagsAsync();
        Expect(page.Total == 2 && calls == 2, $"one retry after the 503 (calls: {calls})");
        Expect(server.Requests.All(r => r.Header("X-API-Key") == "di-key"), "the key from the registered options");

        var v2 = provider.GetRequiredService<V2.IComfyApiV2Client>();
        var job = await v2.GetJobAsync(JobId);
        Expect(job.Status == V2.JobStatus.Queued, "the v2 client resolved and called");
    }
}
