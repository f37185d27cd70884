namespace ComfyCodegen.Runtime.Json;

/// <summary>
/// The members of one JSON object a converter has read, by number, so a required member that is absent can be told
/// from one that is null. It lives on the reading method's stack; only an object of more than 64 members allocates.
/// </summary>
public struct JsonMemberSet
{
    private ulong _first;
    private ulong[]? _rest;

    /// <summary>The member to compare first for the next name: the one after the member found last.</summary>
    internal int Expected { get; set; }

    /// <summary>Whether the member numbered <paramref name="member"/> was read.</summary>
    /// <param name="member">The member's number.</param>
    /// <returns>Whether it was read.</returns>
    public readonly bool Contains(int member)
    {
        if (member < 64)
        {
            return (_first & (1UL << member)) != 0;
        }

        var word = (member >> 6) - 1;
        return _rest is not null && word < _rest.Length && (_rest[word] & (1UL << (member & 63))) != 0;
    }

    internal void Add(int member)
    {
        if (member < 64)
        {
            _first |= 1UL << member;
            return;
        }

        var word = (member >> 6) - 1;
        if (_rest is null || word >= _rest.Length)
        {
            System.Array.Resize(ref _rest, word + 1);
        }

        _rest[word] |= 1UL << (member & 63);
    }
}
