using System.Collections.Generic;

namespace ComfyCodegen.Runtime;

/// <summary>A success response whose status matters: the spec declares several success codes for the operation.</summary>
/// <param name="StatusCode">The status that came back (e.g. 200 or 201).</param>
/// <param name="Value">The body.</param>
/// <param name="Headers">Response and content headers.</param>
public sealed record ApiResponse<T>(int StatusCode, T Value, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers);
