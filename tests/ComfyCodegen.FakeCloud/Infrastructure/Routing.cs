using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ComfyCodegen.FakeCloud.Infrastructure;

/// <summary>Whether an operation checks X-API-Key (spec: default security) or not (security: [] / optional).</summary>
internal enum AuthMode
{
    ApiKey,
    None,
}

/// <summary>How the spec says an operation reports errors.</summary>
internal enum ErrorFormat
{
    /// <summary>application/json ErrorResponse {"code","message"}.</summary>
    Json,

    /// <summary>text/plain message (userdata endpoints).</summary>
    Text,

    /// <summary>No body at all (HEAD).</summary>
    None,
}

/// <summary>Thrown by handlers to end a request with an error in the route's error format.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }
    public string Code { get; }

    public static ApiException BadRequest(string message) => new(400, "invalid_request", message);
    public static ApiException InvalidParameter(string message) => new(400, "invalid_parameter", message);
    public static ApiException NotFound(string message) => new(404, "not_found", message);
}

internal delegate Task Handler(Call call);

/// <summary>One spec operation: method + path template (segments; "{name}" captures one decoded segment).</summary>
internal sealed class Route
{
    public Route(string method, string template, string operationId, AuthMode auth, ErrorFormat format, Handler handler)
    {
        Method = method;
        Template = template;
        OperationId = operationId;
        Auth = auth;
        Format = format;
        Handler = handler;
        Segments = template.Trim('/').Split('/');
        LiteralCount = Segments.Count(s => !s.StartsWith('{'));
    }

    public string Method { get; }
    public string Template { get; }
    public string OperationId { get; }
    public AuthMode Auth { get; }
    public ErrorFormat Format { get; }
    public Handler Handler { get; }
    public string[] Segments { get; }
    public int LiteralCount { get; }

    public Dictionary<string, string>? Match(IReadOnlyList<string> decodedSegments)
    {
        if (decodedSegments.Count != Segments.Length)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < Segments.Length; i++)
        {
            string t = Segments[i];
            if (t.StartsWith('{'))
            {
                if (decodedSegments[i].Length == 0)
                {
                    return null;
                }

                values[t[1..^1]] = decodedSegments[i];
            }
            else if (!string.Equals(t, decodedSegments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return values;
    }
}

/// <summary>Everything a handler needs for one request.</summary>
internal sealed class Call
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Call(HttpContext http, FakeComfyCloud server, Route route, IReadOnlyDictionary<string, string> routeValues, Dictionary<string, StringValues> query)
    {
        Http = http;
        Server = server;
        Route = route;
        RouteValues = routeValues;
        Query = query;
    }

    public HttpContext Http { get; }
    public FakeComfyCloud Server { get; }
    public FakeCloudState State => Server.State;
    public Route Route { get; }
    public IReadOnlyDictionary<string, string> RouteValues { get; }
    public Dictionary<string, StringValues> Query { get; }
    public HttpRequest Request => Http.Request;
    public HttpResponse Response => Http.Response;

    public string Path(string name) => RouteValues[name];

    // ---- query parameters -------------------------------------------------------------

    public string? QueryString(string name)
    {
        if (Query.TryGetValue(name, out var v) && v.Count > 0)
        {
            return v[0];
        }

        return null;
    }

    public string RequiredQuery(string name)
    {
        string? v = QueryString(name);
        if (string.IsNullOrEmpty(v))
        {
            throw ApiException.InvalidParameter($"query parameter '{name}' is required");
        }

        return v;
    }

    public long QueryInt(string name, long? min, long? max, long defaultValue) => QueryIntOrNull(name, min, max) ?? defaultValue;

    public long? QueryIntOrNull(string name, long? min, long? max)
    {
        string? raw = QueryString(name);
        if (raw is null)
        {
            return null;
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            throw ApiException.InvalidParameter($"query parameter '{name}' must be an integer, got '{raw}'");
        }

        if ((min is long lo && v < lo) || (max is long hi && v > hi))
        {
            string range = (min, max) switch
            {
                (long a, long b) => $"between {a} and {b}",
                (long a, null) => $"at least {a}",
                (null, long b) => $"at most {b}",
                _ => string.Empty,
            };
            throw ApiException.InvalidParameter($"query parameter '{name}' must be {range}, got {v}");
        }

        return v;
    }

    public bool QueryBool(string name, bool defaultValue)
    {
        string? raw = QueryString(name);
        if (raw is null)
        {
            return defaultValue;
        }

        return raw.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw ApiException.InvalidParameter($"query parameter '{name}' must be true or false, got '{raw}'"),
        };
    }

    public string QueryEnum(string name, string defaultValue, params string[] allowed)
    {
        string? raw = QueryString(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (Array.IndexOf(allowed, raw) < 0)
        {
            throw ApiException.InvalidParameter($"query parameter '{name}' must be one of {string.Join(", ", allowed)}, got '{raw}'");
        }

        return raw;
    }

    /// <summary>An array parameter with style form, explode false ("a,b,c"); repeated parameters are accepted too.</summary>
    public List<string> QueryList(string name)
    {
        var result = new List<string>();
        if (Query.TryGetValue(name, out var values))
        {
            foreach (string? v in values)
            {
                if (v is null)
                {
                    continue;
                }

                foreach (string part in v.Split(','))
                {
                    string t = part.Trim();
                    if (t.Length > 0)
                    {
                        result.Add(t);
                    }
                }
            }
        }

        return result;
    }

    // ---- request bodies -------------------------------------------------------------------

    /// <summary>Reads the body as a JSON object (400 when missing, malformed or not an object).</summary>
    public async Task<JsonObject> ReadJsonObjectAsync()
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(Request.Body, cancellationToken: Http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"request body is not valid JSON: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw ApiException.BadRequest($"request body is not valid JSON: {ex.Message}");
        }

        if (node is not JsonObject obj)
        {
            throw ApiException.BadRequest("request body must be a JSON object");
        }

        return obj;
    }

    // ---- responses ------------------------------------------------------------------------

    public Task JsonAsync(int status, JsonNode node) => WriteJsonAsync(Response, status, node);

    public static async Task WriteJsonAsync(HttpResponse response, int status, JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), CancellationTokenOf(response)).ConfigureAwait(false);
    }

    public Task EmptyAsync(int status)
    {
        Response.StatusCode = status;
        Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public Task TextAsync(int status, string text) => WriteTextAsync(Response, status, text);

    public static async Task WriteTextAsync(HttpResponse response, int status, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, CancellationTokenOf(response)).ConfigureAwait(false);
    }

    /// <summary>Writes an error in the given format: ErrorResponse JSON, text/plain, or no body.</summary>
    public static Task WriteErrorAsync(HttpResponse response, ErrorFormat format, int status, string code, string message)
    {
        switch (format)
        {
            case ErrorFormat.Text:
                return WriteTextAsync(response, status, message);
            case ErrorFormat.None:
                response.StatusCode = status;
                response.ContentLength = 0;
                return Task.CompletedTask;
            default:
                return WriteJsonAsync(response, status, new JsonObject { ["code"] = code, ["message"] = message });
        }
    }

    private static System.Threading.CancellationToken CancellationTokenOf(HttpResponse response) => response.HttpContext.RequestAborted;
}
