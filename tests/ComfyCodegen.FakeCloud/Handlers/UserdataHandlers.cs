using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ComfyCodegen.FakeCloud.Infrastructure;

namespace ComfyCodegen.FakeCloud.Handlers;

/// <summary>
/// /api/userdata and /api/userdata/{file}. The {file} segment arrives percent-encoded in the raw request target and is
/// decoded as one segment, so "workflows%2Fa.json" names the file "workflows/a.json" while "workflows/a.json"
/// (a real slash) matches no route. Errors are text/plain, as the spec says.
/// </summary>
internal static class UserdataHandlers
{
    public static Task ListAsync(Call call)
    {
        string dir = call.RequiredQuery("dir");
        bool recurse = call.QueryBool("recurse", false);
        call.QueryBool("split", false);
        call.QueryBool("full_info", false);

        string prefix = dir.Replace('\\', '/').TrimStart('/');
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        if (prefix.Split('/').Any(s => s is ".." or "."))
        {
            throw ApiException.BadRequest("invalid directory");
        }

        var result = new JsonArray();
        lock (call.State.Gate)
        {
            foreach (UserdataRecord u in call.State.UserdataMap.Values)
            {
                if (!u.Path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                string relative = u.Path[prefix.Length..];
                if (!recurse && relative.Contains('/', StringComparison.Ordinal))
                {
                    continue;
                }

                result.Add(new JsonObject
                {
                    ["path"] = relative,
                    ["size"] = u.Blob.Size,
                    ["modified"] = u.Modified.ToUnixTimeMilliseconds() / 1000.0,
                });
            }
        }

        return call.JsonAsync(200, result);
    }

    public static async Task GetFileAsync(Call call)
    {
        string path = ValidPath(call);
        UserdataRecord? file;
        lock (call.State.Gate)
        {
            file = call.State.UserdataMap.GetValueOrDefault(path);
        }

        if (file is null)
        {
            throw ApiException.NotFound($"file '{path}' not found");
        }

        if (!file.Blob.CanServe)
        {
            throw new ApiException(500, "not_retained", $"the fake kept only the size and hash of '{path}' ({file.Blob.Size} bytes > MaxRetainedBytes)");
        }

        call.Response.StatusCode = 200;
        call.Response.ContentType = "application/octet-stream";
        call.Response.ContentLength = file.Blob.Size;
        await file.Blob.WriteToAsync(call.Response.Body, call.Http.RequestAborted).ConfigureAwait(false);
    }

    public static async Task PostFileAsync(Call call)
    {
        string path = ValidPath(call);
        bool overwrite = call.QueryEnum("overwrite", "true", "true", "false") == "true";
        // full_info is accepted and validated, but the answer is always the object: the spec declares only
        // UserDataResponseFull for 200 (its prose about "just the path" disagrees with its own schema).
        call.QueryEnum("full_info", "false", "true", "false");

        lock (call.State.Gate)
        {
            if (!overwrite && call.State.UserdataMap.ContainsKey(path))
            {
                throw new ApiException(409, "conflict", $"file '{path}' already exists");
            }
        }

        // Streamed: counted and hashed as it arrives; the bytes are kept only up to MaxRetainedBytes.
        HashedContent content = await ContentHasher.ConsumeAsync(call.Request.Body, call.State.MaxRetainedBytes, call.Http.RequestAborted).ConfigureAwait(false);

        UserdataRecord record;
        lock (call.State.Gate)
        {
            if (!overwrite && call.State.UserdataMap.ContainsKey(path))
            {
                throw new ApiException(409, "conflict", $"file '{path}' already exists");
            }

            record = new UserdataRecord(path, Blob.FromHashed(content), DateTimeOffset.UtcNow);
            call.State.UserdataMap[path] = record;
        }

        JsonNode response = new JsonObject { ["path"] = record.Path, ["size"] = record.Blob.Size, ["modified"] = JsonUtil.Iso(record.Modified) };
        await call.JsonAsync(200, response).ConfigureAwait(false);
    }

    public static Task DeleteFileAsync(Call call)
    {
        string path = ValidPath(call);
        lock (call.State.Gate)
        {
            if (!call.State.UserdataMap.Remove(path))
            {
                throw ApiException.NotFound($"file '{path}' not found");
            }
        }

        return call.EmptyAsync(204);
    }

    private static string ValidPath(Call call)
    {
        string path = call.Path("file");
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal)
            || path.EndsWith('/') || path.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw ApiException.BadRequest($"invalid file path '{path}'");
        }

        return path;
    }
}
