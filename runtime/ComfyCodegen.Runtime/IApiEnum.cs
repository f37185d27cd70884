namespace ComfyCodegen.Runtime;

/// <summary>
/// A string enum from a spec. Generated enums keep any value the server sends, so a value added to the API later
/// round-trips instead of failing; <see cref="IsDefined"/> tells whether the spec lists it.
/// </summary>
public interface IApiEnum
{
    /// <summary>The value on the wire.</summary>
    string Value { get; }

    /// <summary>Whether the spec lists <see cref="Value"/>.</summary>
    bool IsDefined { get; }
}
