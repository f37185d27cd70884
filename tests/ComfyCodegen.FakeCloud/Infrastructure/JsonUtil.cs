using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComfyCodegen.FakeCloud.Infrastructure;

internal static class JsonUtil
{
    /// <summary>RFC 3339 UTC with milliseconds, e.g. 2025-01-02T03:04:05.678Z.</summary>
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static long UnixMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static JsonArray Strings(IEnumerable<string> values)
    {
        var a = new JsonArray();
        foreach (string v in values)
        {
            a.Add(v);
        }

        return a;
    }

    /// <summary>Optional string property; 400 when present with another type.</summary>
    public static string? OptString(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out JsonNode? n) || n is null)
        {
            return null;
        }

        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        throw ApiException.BadRequest($"'{name}' must be a string");
    }

    public static string ReqString(JsonObject body, string name)
    {
        string? s = OptString(body, name);
        if (string.IsNullOrEmpty(s))
        {
            throw ApiException.BadRequest($"'{name}' is required");
        }

        return s;
    }

    public static bool? OptBool(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out JsonNode? n) || n is null)
        {
            return null;
        }

        return n.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.BadRequest($"'{name}' must be a boolean"),
        };
    }

    /// <summary>Optional array of strings; 400 when present with another shape.</summary>
    public static List<string>? OptStringArray(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out JsonNode? n) || n is null)
        {
            return null;
        }

        if (n is not JsonArray arr)
        {
            throw ApiException.BadRequest($"'{name}' must be an array of strings");
        }

        var result = new List<string>();
        foreach (JsonNode? item in arr)
        {
            if (item is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                result.Add(v.GetValue<string>());
            }
            else
            {
                throw ApiException.BadRequest($"'{name}' must be an array of strings");
            }
        }

        return result;
    }

    public static JsonObject? OptObject(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out JsonNode? n) || n is null)
        {
            return null;
        }

        return n is JsonObject o ? (JsonObject)o.DeepClone() : throw ApiException.BadRequest($"'{name}' must be an object");
    }

    public static Guid? OptUuid(JsonObject body, string name)
    {
        string? s = OptString(body, name);
        if (s is null)
        {
            return null;
        }

        return Guid.TryParseExact(s, "D", out Guid g) ? g : throw ApiException.BadRequest($"'{name}' must be a UUID");
    }

    /// <summary>400 when the body has a property outside <paramref name="allowed"/> (additionalProperties: false).</summary>
    public static void OnlyProperties(JsonObject body, params string[] allowed)
    {
        foreach (KeyValuePair<string, JsonNode?> kv in body)
        {
            if (Array.IndexOf(allowed, kv.Key) < 0)
            {
                throw ApiException.BadRequest($"unexpected property '{kv.Key}'");
            }
        }
    }

    public static bool IsHex64(string s)
    {
        if (s.Length != 64)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryHttpUrl(string? s, out Uri uri)
    {
        uri = null!;
        if (s is null || !Uri.TryCreate(s, UriKind.Absolute, out Uri? u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(u.Host))
        {
            return false;
        }

        uri = u;
        return true;
    }
}
