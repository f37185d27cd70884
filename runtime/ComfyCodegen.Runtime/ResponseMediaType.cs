using System;

namespace ComfyCodegen.Runtime;

/// <summary>What a response's Content-Type says about its body, for checking it against the spec.</summary>
internal static class ResponseMediaType
{
    /// <summary>application/json or a +json type: the body is JSON, whatever the spec declared.</summary>
    public static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
