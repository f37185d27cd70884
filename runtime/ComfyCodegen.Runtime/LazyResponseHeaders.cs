using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http;
using System.Threading;

namespace ComfyCodegen.Runtime;

/// <summary>
/// The headers of an <see cref="ApiResponse{T}"/>, copied out of the response (message and content headers, names
/// case-insensitive) only when first read: most callers want the status and the value, and a copy per call would cost
/// more than the rest of the call's bookkeeping together. Header collections stay readable after the response is
/// disposed.
/// </summary>
internal sealed class LazyResponseHeaders : IReadOnlyDictionary<string, IReadOnlyList<string>>
{
    private HttpResponseMessage? _response;
    private IReadOnlyDictionary<string, IReadOnlyList<string>>? _copy;

    public LazyResponseHeaders(HttpResponseMessage response) => _response = response;

    private IReadOnlyDictionary<string, IReadOnlyList<string>> Copy => Volatile.Read(ref _copy) ?? Publish();

    private IReadOnlyDictionary<string, IReadOnlyList<string>> Publish()
    {
        // Two first readers may both copy; one copy wins and the response is let go after it is published.
        if (Volatile.Read(ref _response) is { } response)
        {
            Interlocked.CompareExchange(ref _copy, ApiException.CopyHeaders(response), null);
            Volatile.Write(ref _response, null);
        }

        return Volatile.Read(ref _copy)!;
    }

    public IReadOnlyList<string> this[string key] => Copy[key];

    public IEnumerable<string> Keys => Copy.Keys;

    public IEnumerable<IReadOnlyList<string>> Values => Copy.Values;

    public int Count => Copy.Count;

    public bool ContainsKey(string key) => Copy.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> value) => Copy.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator() => Copy.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Count} headers";
}
