namespace ComfyCodegen.Generator.Helpers;

internal static class Text
{
    /// <summary>
    /// Trims a spec description, and every line's trailing white space (meaningless in prose, and it would make a
    /// whitespace-only edit of the spec look like a model change); null when nothing is left.
    /// </summary>
    public static string? Clean(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed!.IndexOf('\n') < 0)
        {
            // One line, already trimmed: most descriptions.
            return trimmed;
        }

        var lines = trimmed.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd();
        }

        return string.Join("\n", lines);
    }
}

internal static class Pointer
{
    /// <summary>Escapes one JSON pointer segment (RFC 6901).</summary>
    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Reverses <see cref="Escape"/>.</summary>
    public static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
}

/// <summary>Member names a generated record cannot use for a property, because C# or our emitted code owns them.</summary>
internal static class ReservedMemberNames
{
    public static readonly string[] ForRecords =
    {
        "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
        "ReferenceEquals", "PrintMembers", "Deconstruct", "Validate", "AdditionalProperties",
    };

    /// <summary>Members of a generated enum struct that a value's name cannot take.</summary>
    public static readonly string[] ForEnums =
    {
        "Value", "IsDefined", "Listed", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
        "PrintMembers",
    };

    /// <summary>Members of a generated event type that an event name cannot take.</summary>
    public static readonly string[] ForEvents =
    {
        "EventType", "Id", "Retry", "Data", "Json", "FromServerSentEvent", "Equals", "GetHashCode", "ToString", "GetType",
        "MemberwiseClone", "Finalize", "ReferenceEquals",
    };
}
