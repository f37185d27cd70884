namespace ComfyCodegen.Generator.Helpers;

internal static class Text
{
    /// <summary>Trims a spec description; null when there is nothing left.</summary>
    public static string? Clean(string? text)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed!.Replace("\r\n", "\n");
    }
}

internal static class Pointer
{
    /// <summary>Escapes one JSON pointer segment (RFC 6901).</summary>
    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");
}

/// <summary>Member names a generated record cannot use for a property, because C# or our emitted code owns them.</summary>
internal static class ReservedMemberNames
{
    public static readonly string[] ForRecords =
    {
        "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
        "PrintMembers", "Deconstruct", "Validate", "AdditionalProperties",
    };

    /// <summary>Members of a generated event type that an event name cannot take.</summary>
    public static readonly string[] ForEvents =
    {
        "EventType", "Id", "Retry", "Data", "Json", "Equals", "GetHashCode", "ToString", "GetType",
    };
}
