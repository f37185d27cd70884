using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// The names of one scope (a namespace's types, a client's methods, a type's members, a method's parameters), handed
/// out so that the result depends only on what is claimed, never on the order of the claims: the spec may list its
/// schemas, paths and properties in any order and the same names come out.
/// </summary>
/// <remarks>
/// Claims are collected first and settled by <see cref="Resolve"/> in a fixed order: by rank (the spec's own names
/// before names the generator derives), then by preferred name, then by a tie-break key (the spec name or pointer).
/// Every claim that can have its preferred name gets it; only then do the others get the smallest free numeric
/// suffix ("Foo2"), so a rename never takes a name someone asked for. A claim may also hold companion names
/// (a type's "{Name}JsonConverter") and refuse names (a type may not be named like one of its own members).
/// </remarks>
internal sealed class NameScope
{
    private readonly Dictionary<string, (string Name, string Owner)> _owners;
    private readonly List<Claim> _pending = new();

    /// <param name="comparer">How names compare (ordinal, or ignoring case where file names must differ).</param>
    /// <param name="capacity">About how many names the scope will hold, so it does not grow claim by claim.</param>
    public NameScope(IEqualityComparer<string> comparer, int capacity = 0)
    {
        _owners = new Dictionary<string, (string, string)>(capacity, comparer);
    }

    /// <summary>Takes <paramref name="name"/> for something the generator always emits; <paramref name="owner"/> says what, for messages.</summary>
    public void Reserve(string name, string owner)
    {
        if (!_owners.ContainsKey(name))
        {
            _owners[name] = (name, owner);
        }
    }

    public bool IsTaken(string name) => _owners.ContainsKey(name);

    /// <summary>Asks for <paramref name="preferred"/>; the answer comes from <see cref="Resolve"/>.</summary>
    /// <param name="preferred">The name wanted.</param>
    /// <param name="rank">Lower ranks are served first: 0 for the spec's own names, 1 for derived ones.</param>
    /// <param name="tieBreak">Orders claims of the same name and rank; must not depend on the spec's order.</param>
    /// <param name="owner">What the name belongs to, for messages ("the schema 'Foo'").</param>
    /// <param name="companions">Names that go with a candidate and must be free too (e.g. its converter).</param>
    /// <param name="refuses">A candidate this claim cannot take, with the reason, or null when it can.</param>
    public Claim Request(string preferred, int rank, string tieBreak, string owner, Func<string, IEnumerable<string>>? companions = null, Func<string, string?>? refuses = null)
    {
        var claim = new Claim(preferred, rank, tieBreak, owner, companions, refuses, _pending.Count);
        _pending.Add(claim);
        return claim;
    }

    /// <summary>Settles every pending claim; each gets <see cref="Claim.Name"/>, and <see cref="Claim.Clash"/> when renamed.</summary>
    public void Resolve()
    {
        var ordered = _pending.ToArray();
        _pending.Clear();
        // Sequence is unique, so the order is total and the sort's instability cannot show.
        Array.Sort(ordered, static (a, b) =>
        {
            var order = a.Rank.CompareTo(b.Rank);
            order = order != 0 ? order : string.CompareOrdinal(a.Preferred, b.Preferred);
            order = order != 0 ? order : string.CompareOrdinal(a.TieBreak, b.TieBreak);
            return order != 0 ? order : a.Sequence.CompareTo(b.Sequence);
        });

        var deferred = new List<Claim>();
        foreach (var claim in ordered)
        {
            var conflict = Conflict(claim, claim.Preferred);
            if (conflict is null)
            {
                Take(claim, claim.Preferred);
            }
            else
            {
                claim.Clash = conflict;
                deferred.Add(claim);
            }
        }

        foreach (var claim in deferred)
        {
            Take(claim, Numbered(claim));
        }
    }

    // More names than any spec declares: a claim that gets this far is refused by a rule that no suffix satisfies,
    // which is a bug of ours; it ends in the generator's crash diagnostic rather than a build that never ends.
    private const int MaxSuffix = 100_000;

    /// <summary>
    /// The first free "{Preferred}{n}" from 2 up; "{Preferred}_{n}" when the name ends in a digit, so that "Item1"
    /// becomes "Item1_2" rather than "Item12", and a name refused for being "{prefix}{digits}" ("__part0", a local of
    /// the method) cannot be refused again for every number after it.
    /// </summary>
    private string Numbered(Claim claim)
    {
        var stem = claim.Preferred.Length > 0 && char.IsDigit(claim.Preferred[claim.Preferred.Length - 1]) ? claim.Preferred + "_" : claim.Preferred;
        for (var i = 2; i <= MaxSuffix; i++)
        {
            var candidate = stem + i.ToString(CultureInfo.InvariantCulture);
            if (Conflict(claim, candidate) is null)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free name for {claim.Owner} after {MaxSuffix} candidates");
    }

    private string? Conflict(Claim claim, string candidate)
    {
        if (claim.Refuses?.Invoke(candidate) is { } reason)
        {
            return reason;
        }

        if (Clash(candidate) is { } clash)
        {
            return clash;
        }

        if (claim.Companions is not null)
        {
            foreach (var companion in claim.Companions(candidate))
            {
                if (Clash(companion) is { } companionClash)
                {
                    return companionClash;
                }
            }
        }

        return null;
    }

    private string? Clash(string name) =>
        !_owners.TryGetValue(name, out var taken) ? null
        : string.Equals(name, taken.Name, StringComparison.Ordinal) ? $"a clash with {taken.Owner}"
        : $"a clash with {taken.Owner} ('{taken.Name}'), a name that differs only in case (each type gets a file, and file systems may ignore case)";

    private void Take(Claim claim, string name)
    {
        claim.Name = name;
        _owners[name] = (name, claim.Owner);
        if (claim.Companions is not null)
        {
            foreach (var companion in claim.Companions(name))
            {
                _owners[companion] = (companion, companion == name ? claim.Owner : $"the {Describe(companion, name)} of {claim.Owner}");
            }
        }
    }

    private static string Describe(string companion, string name) =>
        companion.StartsWith(name, StringComparison.Ordinal) ? companion.Substring(name.Length) : companion;

    /// <summary>One request for a name, and, once resolved, the answer.</summary>
    internal sealed class Claim
    {
        public Claim(string preferred, int rank, string tieBreak, string owner, Func<string, IEnumerable<string>>? companions, Func<string, string?>? refuses, int sequence)
        {
            Preferred = preferred;
            Rank = rank;
            TieBreak = tieBreak;
            Owner = owner;
            Companions = companions;
            Refuses = refuses;
            Sequence = sequence;
        }

        public string Preferred { get; }

        public int Rank { get; }

        public string TieBreak { get; }

        public string Owner { get; }

        public Func<string, IEnumerable<string>>? Companions { get; }

        public Func<string, string?>? Refuses { get; }

        public int Sequence { get; }

        /// <summary>The name given; null until resolved.</summary>
        public string? Name { get; set; }

        /// <summary>Why the preferred name was not given ("a clash with the schema 'Foo'"); null when it was.</summary>
        public string? Clash { get; set; }

        public bool IsRenamed => Name is not null && !string.Equals(Name, Preferred, StringComparison.Ordinal);
    }
}
