using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ComfyCodegen.FakeCloud.Infrastructure;

namespace ComfyCodegen.FakeCloud.Handlers;

/// <summary>/api/assets*, /api/tags.</summary>
internal static class AssetHandlers
{
    private static readonly string[] SortKeys = { "name", "created_at", "updated_at", "size", "last_access_time" };

    // ---- list / filter --------------------------------------------------------------------------

    public static Task ListAssetsAsync(Call call)
    {
        Filter filter = Filter.From(call);
        long limit = call.QueryInt("limit", 1, 500, 20);
        long offset = call.QueryInt("offset", 0, null, 0);
        string sort = call.QueryEnum("sort", "created_at", SortKeys);
        string order = call.QueryEnum("order", "desc", "asc", "desc");
        call.QueryBool("include_public", true);

        JsonObject result;
        lock (call.State.Gate)
        {
            List<AssetRecord> matching = filter.Apply(call.State.AssetMap.Values).ToList();
            IOrderedEnumerable<AssetRecord> sorted = sort switch
            {
                "name" => Order(matching, a => a.Name, order),
                "updated_at" => Order(matching, a => a.UpdatedAt, order),
                "size" => Order(matching, a => a.Blob.Size, order),
                "last_access_time" => Order(matching, a => a.LastAccessTime, order),
                _ => Order(matching, a => a.CreatedAt, order),
            };
            sorted = order == "asc" ? sorted.ThenBy(a => a.Seq) : sorted.ThenByDescending(a => a.Seq);
            List<AssetRecord> page = sorted.Skip((int)Math.Min(offset, int.MaxValue)).Take((int)limit).ToList();
            var assets = new JsonArray();
            foreach (AssetRecord a in page)
            {
                assets.Add(AssetJson(call, a));
            }

            result = new JsonObject
            {
                ["assets"] = assets,
                ["total"] = matching.Count,
                ["has_more"] = offset + page.Count < matching.Count,
            };
        }

        return call.JsonAsync(200, result);
    }

    public static Task TagHistogramAsync(Call call)
    {
        Filter filter = Filter.From(call);
        long limit = call.QueryInt("limit", 1, 1000, 100);
        call.QueryBool("include_public", true);

        var counts = new JsonObject();
        lock (call.State.Gate)
        {
            foreach (var (tag, count) in CountTags(filter.Apply(call.State.AssetMap.Values))
                         .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take((int)limit)
                         .Select(kv => (kv.Key, kv.Value)))
            {
                counts[tag] = count;
            }
        }

        return call.JsonAsync(200, new JsonObject { ["tag_counts"] = counts });
    }

    public static Task ListTagsAsync(Call call)
    {
        string prefix = (call.QueryString("prefix") ?? string.Empty).Trim().ToLowerInvariant();
        long limit = call.QueryInt("limit", 1, 1000, 100);
        long offset = call.QueryInt("offset", 0, null, 0);
        string order = call.QueryEnum("order", "count_desc", "count_desc", "name_asc");
        bool includeZero = call.QueryBool("include_zero", false);
        call.QueryBool("include_public", true);

        JsonObject result;
        lock (call.State.Gate)
        {
            Dictionary<string, int> counts = CountTags(call.State.AssetMap.Values);
            if (includeZero)
            {
                foreach (string t in call.State.KnownTagSet)
                {
                    counts.TryAdd(t, 0);
                }
            }

            List<KeyValuePair<string, int>> tags = counts.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            IEnumerable<KeyValuePair<string, int>> ordered = order == "name_asc"
                ? tags.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                : tags.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal);
            var page = ordered.Skip((int)Math.Min(offset, int.MaxValue)).Take((int)limit).ToList();
            var array = new JsonArray();
            foreach (KeyValuePair<string, int> kv in page)
            {
                array.Add(new JsonObject { ["name"] = kv.Key, ["count"] = kv.Value });
            }

            result = new JsonObject
            {
                ["tags"] = array,
                ["total"] = tags.Count,
                ["has_more"] = offset + page.Count < tags.Count,
            };
        }

        return call.JsonAsync(200, result);
    }

    // ---- create -----------------------------------------------------------------------------

    public static async Task UploadAssetAsync(Call call)
    {
        string? contentType = call.Request.ContentType;
        if (MultipartForm.IsMultipart(contentType))
        {
            await UploadMultipartAsync(call).ConfigureAwait(false);
        }
        else if (contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)))
        {
            await CreateFromUrlAsync(call).ConfigureAwait(false);
        }
        else
        {
            throw new ApiException(415, "unsupported_media_type", "POST /api/assets takes multipart/form-data or application/json");
        }
    }

    private static async Task UploadMultipartAsync(Call call)
    {
        MultipartForm form = await MultipartForm.ReadAsync(call, call.State.MaxRetainedBytes, "file").ConfigureAwait(false);
        UploadedFile file = form.File("file") ?? throw ApiException.BadRequest("the 'file' part is required");

        List<string> tags = FakeCloudState.NormalizeTags(ParseFormTags(form.Fields.GetValueOrDefault("tags")));
        Guid? id = ParseFormUuid(form.Field("id"), "id");
        Guid? previewId = ParseFormUuid(form.Field("preview_id"), "preview_id");
        string name = form.Field("name") is { Length: > 0 } n ? n : (file.FileName.Length > 0 ? file.FileName : "upload");
        string? mime = form.Field("mime_type") is { Length: > 0 } m ? m
            : file.ContentType is { Length: > 0 } pc && !pc.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase) ? pc
            : MimeTypes.FromName(name);
        JsonObject metadata = new();
        if (form.Field("user_metadata") is { Length: > 0 } metaText)
        {
            try
            {
                metadata = JsonNode.Parse(metaText) as JsonObject ?? throw ApiException.BadRequest("'user_metadata' must be a JSON object");
            }
            catch (JsonException)
            {
                throw ApiException.BadRequest("'user_metadata' is not valid JSON");
            }
        }

        JsonObject response;
        int status;
        lock (call.State.Gate)
        {
            AssetRecord? existing = id is Guid g && call.State.AssetMap.TryGetValue(g, out AssetRecord? byId) ? byId
                : call.State.AssetMap.Values.OrderBy(a => a.Seq).FirstOrDefault(a => a.Blob.Blake3Hex == file.Content.Blake3Hex);
            if (existing is not null)
            {
                status = 200;
                response = AssetJson(call, existing, createdNew: false);
            }
            else
            {
                Blob blob = call.State.RegisterBlob(Blob.FromHashed(file.Content));
                AssetRecord a = call.State.CreateAsset(name, blob, tags, mime, metadata, previewId, id);
                status = 201;
                response = AssetJson(call, a, createdNew: true);
            }
        }

        await call.JsonAsync(status, response).ConfigureAwait(false);
    }

    private static async Task CreateFromUrlAsync(Call call)
    {
        JsonObject body = await call.ReadJsonObjectAsync().ConfigureAwait(false);
        string? urlText = JsonUtil.OptString(body, "url");
        if (!JsonUtil.TryHttpUrl(urlText, out Uri url))
        {
            throw ApiException.BadRequest("'url' must be an absolute http or https URL");
        }

        string name = JsonUtil.ReqString(body, "name");
        List<string> tags = FakeCloudState.NormalizeTags(JsonUtil.OptStringArray(body, "tags") ?? new List<string>());
        JsonObject metadata = JsonUtil.OptObject(body, "user_metadata") ?? new JsonObject();
        Guid? previewId = JsonUtil.OptUuid(body, "preview_id");
        SimulateSourceProblems(url);

        JsonObject response;
        int status;
        lock (call.State.Gate)
        {
            Blob blob = call.State.RegisterBlob(Blob.FromBytes(Encoding.UTF8.GetBytes(url.AbsoluteUri)));
            AssetRecord? existing = call.State.AssetMap.Values.OrderBy(a => a.Seq).FirstOrDefault(a => ReferenceEquals(a.Blob, blob));
            if (existing is not null)
            {
                status = 200;
                response = AssetJson(call, existing, createdNew: false);
            }
            else
            {
                AssetRecord a = call.State.CreateAsset(name, blob, tags, MimeTypes.FromName(name), metadata, previewId);
                a.SourceUrl = url.AbsoluteUri;
                status = 201;
                response = AssetJson(call, a, createdNew: true);
            }
        }

        await call.JsonAsync(status, response).ConfigureAwait(false);
    }

    public static async Task CreateFromHashAsync(Call call)
    {
        JsonObject body = await call.ReadJsonObjectAsync().ConfigureAwait(false);
        string hash = JsonUtil.ReqString(body, "hash");
        if (!IsValidHash(hash, allowSha256: true))
        {
            throw ApiException.BadRequest("'hash' must look like blake3:<64 hex> or sha256:<64 hex>");
        }

        List<string> rawTags = JsonUtil.OptStringArray(body, "tags") ?? throw ApiException.BadRequest("'tags' is required");
        List<string> tags = FakeCloudState.NormalizeTags(rawTags);
        if (tags.Count == 0)
        {
            throw ApiException.BadRequest("'tags' needs at least one tag");
        }

        string? name = JsonUtil.OptString(body, "name");
        string? mime = JsonUtil.OptString(body, "mime_type");
        JsonObject metadata = JsonUtil.OptObject(body, "user_metadata") ?? new JsonObject();

        JsonObject response;
        int status;
        lock (call.State.Gate)
        {
            Blob blob = call.State.FindBlob(hash) ?? throw ApiException.NotFound($"no stored content has hash {hash}");
            AssetRecord? sameContent = call.State.AssetMap.Values.OrderBy(a => a.Seq).FirstOrDefault(a => ReferenceEquals(a.Blob, blob));
            string effectiveName = name ?? sameContent?.Name ?? blob.Blake3Hex!;
            AssetRecord? existing = call.State.AssetMap.Values.OrderBy(a => a.Seq).FirstOrDefault(a => ReferenceEquals(a.Blob, blob) && a.Name == effectiveName);
            if (existing is not null)
            {
                status = 200;
                response = AssetJson(call, existing, createdNew: false);
            }
            else
            {
                AssetRecord a = call.State.CreateAsset(effectiveName, blob, tags, mime ?? sameContent?.MimeType ?? MimeTypes.FromName(effectiveName), metadata, previewId: null);
                status = 201;
                response = AssetJson(call, a, createdNew: true);
            }
        }

        await call.JsonAsync(status, response).ConfigureAwait(false);
    }

    public static Task GetRemoteMetadataAsync(Call call)
    {
        string urlText = call.RequiredQuery("url");
        if (!JsonUtil.TryHttpUrl(urlText, out Uri url))
        {
            throw ApiException.InvalidParameter("'url' must be an absolute http or https URL");
        }

        if (url.AbsolutePath.EndsWith("/unavailable", StringComparison.Ordinal))
        {
            throw new ApiException(422, "metadata_unavailable", "the source could not provide metadata");
        }

        string filename = FileNameFromUrl(url);
        bool supported = IsSupportedHost(url);
        var errors = new JsonArray();
        if (!supported)
        {
            errors.Add(new JsonObject { ["code"] = "unsupported_host", ["message"] = "only huggingface.co and civitai.com can be imported", ["field"] = "url" });
        }

        var result = new JsonObject
        {
            ["content_length"] = supported ? 6938078334L : -1L,
            ["content_type"] = "application/octet-stream",
            ["filename"] = filename,
            ["name"] = System.IO.Path.GetFileNameWithoutExtension(filename),
            ["tags"] = new JsonArray(url.Host.EndsWith("civitai.com", StringComparison.OrdinalIgnoreCase) ? "checkpoint" : "models"),
            ["preview_image"] = "data:image/png;base64," + Convert.ToBase64String(Png.Solid(2, 2, 200, 120, 40)),
            ["validation"] = new JsonObject
            {
                ["is_valid"] = supported,
                ["errors"] = errors,
                ["warnings"] = new JsonArray(),
            },
        };
        return call.JsonAsync(200, result);
    }

    public static async Task CreateDownloadAsync(Call call)
    {
        JsonObject body = await call.ReadJsonObjectAsync().ConfigureAwait(false);
        string? urlText = JsonUtil.OptString(body, "source_url");
        if (!JsonUtil.TryHttpUrl(urlText, out Uri url))
        {
            throw ApiException.BadRequest("'source_url' must be an absolute http or https URL");
        }

        if (!IsSupportedHost(url))
        {
            throw ApiException.BadRequest($"host '{url.Host}' is not supported; use huggingface.co or civitai.com");
        }

        List<string> tags = FakeCloudState.NormalizeTags(JsonUtil.OptStringArray(body, "tags") ?? new List<string>());
        JsonObject metadata = JsonUtil.OptObject(body, "user_metadata") ?? new JsonObject();
        Guid? previewId = JsonUtil.OptUuid(body, "preview_id");
        byte[] content = Encoding.UTF8.GetBytes(url.AbsoluteUri);
        string name = FileNameFromUrl(url);

        JsonObject response;
        int status;
        lock (call.State.Gate)
        {
            HashedContent h = ContentHasher.Of(content);
            if (call.State.BlobsByBlake3.TryGetValue(h.Blake3Hex, out Blob? stored))
            {
                // Already in storage: answer at once with the asset (found or created).
                AssetRecord? existing = call.State.AssetMap.Values.OrderBy(a => a.Seq).FirstOrDefault(a => ReferenceEquals(a.Blob, stored));
                bool createdNew = existing is null;
                existing ??= call.State.CreateAsset(name, stored, tags, MimeTypes.FromName(name), metadata, previewId);
                status = 200;
                response = AssetJson(call, existing, createdNew);
            }
            else
            {
                // The fake "downloads" instantly: the asset exists as soon as the 202 is sent.
                Blob blob = call.State.RegisterBlob(Blob.FromBytes(content));
                AssetRecord a = call.State.CreateAsset(name, blob, tags, MimeTypes.FromName(name), metadata, previewId);
                a.SourceUrl = url.AbsoluteUri;
                var task = new DownloadTask { TaskId = Guid.NewGuid(), SourceUrl = url.AbsoluteUri, AssetId = a.Id };
                call.State.DownloadsByUrl[url.AbsoluteUri] = task;
                status = 202;
                response = new JsonObject
                {
                    ["task_id"] = task.TaskId.ToString("D"),
                    ["status"] = "created",
                    ["message"] = $"Download of {name} started",
                };
            }
        }

        await call.JsonAsync(status, response).ConfigureAwait(false);
    }

    // ---- one asset --------------------------------------------------------------------------

    public static Task GetAssetAsync(Call call)
    {
        JsonObject json;
        lock (call.State.Gate)
        {
            AssetRecord a = Find(call, invalidIdStatus: 404);
            a.LastAccessTime = DateTimeOffset.UtcNow;
            json = AssetJson(call, a);
        }

        return call.JsonAsync(200, json);
    }

    public static async Task UpdateAssetAsync(Call call)
    {
        lock (call.State.Gate)
        {
            Find(call, invalidIdStatus: 400);
        }

        JsonObject body = await call.ReadJsonObjectAsync().ConfigureAwait(false);
        string[] editable = { "name", "tags", "mime_type", "preview_id", "user_metadata" };
        if (!body.Any(kv => Array.IndexOf(editable, kv.Key) >= 0))
        {
            throw ApiException.BadRequest("the body must contain at least one of: " + string.Join(", ", editable));
        }

        string? name = JsonUtil.OptString(body, "name");
        if (name is { Length: 0 })
        {
            throw ApiException.BadRequest("'name' must not be empty");
        }

        List<string>? tags = JsonUtil.OptStringArray(body, "tags");
        string? mime = JsonUtil.OptString(body, "mime_type");
        Guid? previewId = JsonUtil.OptUuid(body, "preview_id");
        JsonObject? metadata = JsonUtil.OptObject(body, "user_metadata");

        JsonObject json;
        lock (call.State.Gate)
        {
            AssetRecord a = Find(call, invalidIdStatus: 400);
            if (a.IsImmutable)
            {
                throw ApiException.BadRequest("the asset is immutable");
            }

            if (name is not null)
            {
                a.Name = name;
            }

            if (tags is not null)
            {
                a.Tags = FakeCloudState.NormalizeTags(tags);
                foreach (string t in a.Tags)
                {
                    call.State.KnownTagSet.Add(t);
                }
            }

            if (mime is not null)
            {
                a.MimeType = mime;
            }

            if (previewId is not null)
            {
                a.PreviewId = previewId;
            }

            if (metadata is not null)
            {
                a.UserMetadata = metadata;
            }

            a.UpdatedAt = DateTimeOffset.UtcNow;
            json = new JsonObject
            {
                ["id"] = a.Id.ToString("D"),
                ["name"] = a.Name,
            };
            if (a.Blob.AssetHash is string h)
            {
                json["asset_hash"] = h;
            }

            json["tags"] = JsonUtil.Strings(a.Tags);
            if (a.MimeType is not null)
            {
                json["mime_type"] = a.MimeType;
            }

            json["user_metadata"] = a.UserMetadata.DeepClone();
            json["updated_at"] = JsonUtil.Iso(a.UpdatedAt);
        }

        await call.JsonAsync(200, json).ConfigureAwait(false);
    }

    public static Task DeleteAssetAsync(Call call)
    {
        lock (call.State.Gate)
        {
            AssetRecord a = Find(call, invalidIdStatus: 404);
            call.State.AssetMap.Remove(a.Id);
            call.State.ReleaseAssetContent(a);
        }

        return call.EmptyAsync(204);
    }

    public static Task AddTagsAsync(Call call) => ModifyTagsAsync(call, add: true);

    public static Task RemoveTagsAsync(Call call) => ModifyTagsAsync(call, add: false);

    private static async Task ModifyTagsAsync(Call call, bool add)
    {
        lock (call.State.Gate)
        {
            Find(call, invalidIdStatus: 400);
        }

        JsonObject body = await call.ReadJsonObjectAsync().ConfigureAwait(false);
        List<string> requested = FakeCloudState.NormalizeTags(JsonUtil.OptStringArray(body, "tags") ?? throw ApiException.BadRequest("'tags' is required"));
        if (requested.Count == 0)
        {
            throw ApiException.BadRequest("'tags' needs at least one tag");
        }

        JsonObject json;
        lock (call.State.Gate)
        {
            AssetRecord a = Find(call, invalidIdStatus: 400);
            if (a.IsImmutable)
            {
                throw ApiException.BadRequest("the asset is immutable");
            }

            var changed = new List<string>();
            var unchanged = new List<string>();
            foreach (string t in requested)
            {
                bool has = a.Tags.Contains(t);
                if (add && !has)
                {
                    a.Tags.Add(t);
                    call.State.KnownTagSet.Add(t);
                    changed.Add(t);
                }
                else if (!add && has)
                {
                    a.Tags.Remove(t);
                    changed.Add(t);
                }
                else
                {
                    unchanged.Add(t);
                }
            }

            if (changed.Count > 0)
            {
                a.UpdatedAt = DateTimeOffset.UtcNow;
            }

            json = add
                ? new JsonObject { ["added"] = JsonUtil.Strings(changed), ["already_present"] = JsonUtil.Strings(unchanged) }
                : new JsonObject { ["removed"] = JsonUtil.Strings(changed), ["not_present"] = JsonUtil.Strings(unchanged) };
            json["total_tags"] = JsonUtil.Strings(a.Tags);
        }

        await call.JsonAsync(200, json).ConfigureAwait(false);
    }

    public static Task CheckHashAsync(Call call)
    {
        string hash = call.Path("hash");
        if (!IsValidHash(hash, allowSha256: false))
        {
            throw ApiException.BadRequest("hash must look like blake3:<64 lower-case hex>");
        }

        bool found;
        lock (call.State.Gate)
        {
            found = call.State.FindBlob(hash) is not null;
        }

        return call.EmptyAsync(found ? 200 : 404);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /// <summary>Asset JSON (schema Asset; with created_new for AssetCreated). Call with the state lock held.</summary>
    internal static JsonObject AssetJson(Call call, AssetRecord a, bool? createdNew = null)
    {
        var json = new JsonObject
        {
            ["id"] = a.Id.ToString("D"),
            ["name"] = a.Name,
        };
        if (a.Blob.AssetHash is string hash)
        {
            json["asset_hash"] = hash;
        }

        json["size"] = a.Blob.Size;
        if (a.MimeType is not null)
        {
            json["mime_type"] = a.MimeType;
        }

        json["tags"] = JsonUtil.Strings(a.Tags);
        json["user_metadata"] = a.UserMetadata.DeepClone();
        if (a.PreviewId is Guid pid && call.State.AssetMap.TryGetValue(pid, out AssetRecord? preview) && preview.StoredFileName is string stored)
        {
            json["preview_url"] = new Uri(call.Server.BaseAddress, "api/view?filename=" + Uri.EscapeDataString(stored) + "&type=input").AbsoluteUri;
        }

        json["preview_id"] = a.PreviewId?.ToString("D");
        json["prompt_id"] = a.PromptId?.ToString("D");
        json["created_at"] = JsonUtil.Iso(a.CreatedAt);
        json["updated_at"] = JsonUtil.Iso(a.UpdatedAt);
        json["last_access_time"] = JsonUtil.Iso(a.LastAccessTime);
        json["is_immutable"] = a.IsImmutable;
        if (createdNew is bool c)
        {
            json["created_new"] = c;
        }

        return json;
    }

    private static AssetRecord Find(Call call, int invalidIdStatus)
    {
        string raw = call.Path("id");
        if (!Guid.TryParseExact(raw, "D", out Guid id))
        {
            throw invalidIdStatus == 400
                ? ApiException.InvalidParameter($"'{raw}' is not a UUID")
                : ApiException.NotFound($"no asset with id '{raw}'");
        }

        return call.State.AssetMap.TryGetValue(id, out AssetRecord? a) ? a : throw ApiException.NotFound($"no asset with id {id}");
    }

    private static IOrderedEnumerable<AssetRecord> Order<TKey>(IEnumerable<AssetRecord> items, Func<AssetRecord, TKey> key, string order) =>
        order == "asc" ? items.OrderBy(key) : items.OrderByDescending(key);

    private static Dictionary<string, int> CountTags(IEnumerable<AssetRecord> assets)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (AssetRecord a in assets)
        {
            foreach (string t in a.Tags)
            {
                counts[t] = counts.GetValueOrDefault(t) + 1;
            }
        }

        return counts;
    }

    private static bool IsValidHash(string hash, bool allowSha256) =>
        (hash.StartsWith("blake3:", StringComparison.Ordinal) && JsonUtil.IsHex64(hash[7..]))
        || (allowSha256 && hash.StartsWith("sha256:", StringComparison.Ordinal) && JsonUtil.IsHex64(hash[7..]));

    private static IEnumerable<string> ParseFormTags(List<string>? values)
    {
        if (values is null)
        {
            yield break;
        }

        foreach (string v in values)
        {
            string t = v.Trim();
            if (t.StartsWith('['))
            {
                JsonArray? arr;
                try
                {
                    arr = JsonNode.Parse(t) as JsonArray;
                }
                catch (JsonException)
                {
                    arr = null;
                }

                if (arr is null || arr.Any(x => x is not JsonValue xv || xv.GetValueKind() != JsonValueKind.String))
                {
                    throw ApiException.BadRequest("'tags' must be strings, a comma-separated list or a JSON array of strings");
                }

                foreach (JsonNode? x in arr)
                {
                    yield return x!.GetValue<string>();
                }
            }
            else
            {
                foreach (string part in t.Split(','))
                {
                    yield return part;
                }
            }
        }
    }

    private static Guid? ParseFormUuid(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return Guid.TryParseExact(value, "D", out Guid g) ? g : throw ApiException.BadRequest($"'{name}' must be a UUID");
    }

    private static void SimulateSourceProblems(Uri url)
    {
        string path = url.AbsolutePath;
        if (path.EndsWith("/not-found", StringComparison.Ordinal))
        {
            throw new ApiException(404, "source_not_found", "nothing was found at the source URL");
        }

        if (path.EndsWith("/forbidden", StringComparison.Ordinal))
        {
            throw new ApiException(403, "source_forbidden", "the source URL refused access");
        }

        if (path.EndsWith("/timeout", StringComparison.Ordinal))
        {
            throw new ApiException(422, "source_unreachable", "fetching from the source timed out");
        }

        if (path.EndsWith("/too-large", StringComparison.Ordinal))
        {
            throw new ApiException(413, "file_too_large", "the file exceeds the size limit");
        }
    }

    private static bool IsSupportedHost(Uri url)
    {
        string host = url.Host.ToLowerInvariant();
        return host is "huggingface.co" or "civitai.com" || host.EndsWith(".huggingface.co", StringComparison.Ordinal) || host.EndsWith(".civitai.com", StringComparison.Ordinal);
    }

    private static string FileNameFromUrl(Uri url)
    {
        string last = Uri.UnescapeDataString(url.Segments.Length > 0 ? url.Segments[^1].TrimEnd('/') : string.Empty);
        if (url.Host.EndsWith("civitai.com", StringComparison.OrdinalIgnoreCase) && !last.Contains('.', StringComparison.Ordinal))
        {
            return $"civitai_{(last.Length > 0 ? last : "model")}.safetensors";
        }

        return last.Length > 0 ? last : "download.bin";
    }

    /// <summary>include_tags / exclude_tags / name_contains / metadata_filter, shared by list and refine.</summary>
    private sealed class Filter
    {
        private List<string> _include = new();
        private List<string> _exclude = new();
        private string? _nameContains;
        private JsonObject? _metadata;

        public static Filter From(Call call)
        {
            var f = new Filter
            {
                _include = FakeCloudState.NormalizeTags(call.QueryList("include_tags")),
                _exclude = FakeCloudState.NormalizeTags(call.QueryList("exclude_tags")),
                _nameContains = call.QueryString("name_contains"),
            };
            string? meta = call.QueryString("metadata_filter");
            if (!string.IsNullOrEmpty(meta))
            {
                try
                {
                    f._metadata = JsonNode.Parse(meta) as JsonObject ?? throw ApiException.InvalidParameter("'metadata_filter' must be a JSON object");
                }
                catch (JsonException)
                {
                    throw ApiException.InvalidParameter("'metadata_filter' is not valid JSON");
                }
            }

            return f;
        }

        public IEnumerable<AssetRecord> Apply(IEnumerable<AssetRecord> assets) => assets.Where(Matches);

        private bool Matches(AssetRecord a)
        {
            if (_include.Any(t => !a.Tags.Contains(t)) || _exclude.Any(a.Tags.Contains))
            {
                return false;
            }

            if (!string.IsNullOrEmpty(_nameContains) && !a.Name.Contains(_nameContains, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (_metadata is not null)
            {
                foreach (KeyValuePair<string, JsonNode?> kv in _metadata)
                {
                    if (!a.UserMetadata.TryGetPropertyValue(kv.Key, out JsonNode? actual) || !JsonNode.DeepEquals(actual, kv.Value))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
