using System;
using System.Collections.Generic;
using System.Globalization;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>What a generated type is, for the names it may not take and the companions it brings.</summary>
internal enum TypeNameKind
{
    /// <summary>An object record: it has a Validate method and a converter.</summary>
    Object,

    /// <summary>A string enum struct: it has Value and IsDefined members and a converter.</summary>
    Enum,

    /// <summary>A oneOf/anyOf union: it has a Validate method and a converter.</summary>
    Union,

    /// <summary>The result of an operation with several success types (no converter).</summary>
    Result,

    /// <summary>One event of an event-stream operation (no converter).</summary>
    Event,
}

/// <summary>
/// Every type name of one client, in one scope: the spec's schemas, the types named from where they stand, operation
/// results and events, their converters ("{Type}JsonConverter", in the Serialization namespace, which a consumer
/// imports beside the client's), the client, its interface and the classes emitted beside them. Names are unique
/// ignoring case, because each type becomes a file and a hint name. The parser maps the spec twice: the first time
/// every type asks for a name and gets a placeholder; <see cref="Resolve"/> then settles all names at once, so they do
/// not depend on the order of the spec; the second time every type gets its final name.
/// </summary>
internal sealed class TypeNameRegistry
{
    public const string ConverterSuffix = "JsonConverter";

    private readonly ParseContext _context;
    private readonly NameScope _scope = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (NameScope.Claim Claim, string Pointer, string SpecName)> _claims = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);
    private readonly List<string> _late = new();
    private bool _resolved;
    private int _placeholders;

    public TypeNameRegistry(ParseContext context, ClientNames client)
    {
        _context = context;
        _scope.Reserve("Serialization", "the namespace of the converters");
        _scope.Reserve(client.ClientName, "the client class");
        _scope.Reserve(client.InterfaceName, "the client's interface");
        _scope.Reserve(client.ExtensionsClassName, "the client's dependency-injection extensions");
        _scope.Reserve(client.ConvertersClassName, "the client's list and map converters");
        _scope.Reserve(client.ResolverClassName, "the client's JSON type-info resolver");
        _scope.Reserve(client.PatternsClassName, "the client's regex patterns");
    }

    /// <summary>
    /// The name of a type. Before <see cref="Resolve"/>: a placeholder, unique per request, and the request is recorded.
    /// After: the name the request was given.
    /// </summary>
    /// <param name="specName">The schema's name in the spec, or the name built from where the type stands.</param>
    /// <param name="pointer">Where the type is defined, for the rename diagnostic and as the tie-break.</param>
    /// <param name="kind">What the type is.</param>
    /// <param name="fromSpec">True for component schemas: the spec's own names are served before derived ones.</param>
    public string Name(string specName, string pointer, TypeNameKind kind, bool fromSpec)
    {
        var preferred = Identifiers.ToPascalCase(specName);
        var key = preferred + "\n" + pointer;
        _occurrences.TryGetValue(key, out var occurrence);
        _occurrences[key] = occurrence + 1;
        key += "\n" + occurrence.ToString(CultureInfo.InvariantCulture);

        if (!_resolved)
        {
            if (!_claims.ContainsKey(key))
            {
                var owner = fromSpec ? $"the schema '{specName}'" : $"the type '{preferred}' generated for {pointer}";
                var claim = _scope.Request(preferred, fromSpec ? 0 : 1, pointer + "\n" + specName, owner, Companions(kind), Refusals(kind));
                _claims[key] = (claim, pointer, specName);
            }

            // Unique per request, so the first pass keeps distinct types apart; never emitted.
            return preferred + "\u0001" + (_placeholders++).ToString(CultureInfo.InvariantCulture);
        }

        if (_claims.TryGetValue(key, out var known))
        {
            _answered.Add(key);
            return known.Claim.Name!;
        }

        // The first pass asks for every name the second uses, so this does not happen; if it did, the name still
        // must not clash, and ReportIfThePassesDisagreed says so.
        var late = _scope.Request(preferred, 2, pointer, $"the type '{preferred}' generated for {pointer}", Companions(kind), Refusals(kind));
        _scope.Resolve();
        _claims[key] = (late, pointer, specName);
        _answered.Add(key);
        _late.Add(pointer);
        Report(late, pointer, specName);
        return late.Name!;
    }

    /// <summary>
    /// After the second pass: a type it named that the first pass did not ask for, or a name the first pass asked for
    /// that the second did not use, is a bug of ours (the passes must agree for names not to depend on the spec's
    /// order), reported as CCG0012 rather than left silent.
    /// </summary>
    public void ReportIfThePassesDisagreed()
    {
        foreach (var pointer in _late)
        {
            _context.Report(Diagnostics.DiagnosticDescriptors.NamingPassesDisagree, pointer, "the second pass named a type the first did not ask for");
        }

        foreach (var pair in _claims)
        {
            if (!_answered.Contains(pair.Key))
            {
                _context.Report(Diagnostics.DiagnosticDescriptors.NamingPassesDisagree, pair.Value.Pointer, $"the first pass asked for the name '{pair.Value.Claim.Preferred}', which the second did not use");
            }
        }
    }

    /// <summary>Settles every name asked for so far, and reports each rename (CCG0008) at its place in the spec.</summary>
    public void Resolve()
    {
        _scope.Resolve();
        _resolved = true;
        _occurrences.Clear();
        foreach (var pair in _claims)
        {
            Report(pair.Value.Claim, pair.Value.Pointer, pair.Value.SpecName);
        }
    }

    private void Report(NameScope.Claim claim, string pointer, string specName)
    {
        if (claim.IsRenamed)
        {
            _context.ReportRenamed(pointer, specName, claim.Name!, claim.Clash ?? "a clash with another generated type");
        }
    }

    private static Func<string, IEnumerable<string>>? Companions(TypeNameKind kind) =>
        kind is TypeNameKind.Object or TypeNameKind.Enum or TypeNameKind.Union
            ? static name => new[] { name + ConverterSuffix }
            : null;

    /// <summary>A type may not be named like a member it declares (CS0542).</summary>
    private static Func<string, string?>? Refusals(TypeNameKind kind) => kind switch
    {
        TypeNameKind.Object or TypeNameKind.Union => static name => name == "Validate" ? "a clash with its own Validate method" : null,
        TypeNameKind.Enum => static name => name is "Value" or "IsDefined" or "Listed" ? $"a clash with its own {name} property" : null,
        TypeNameKind.Event => static name => name is "EventType" or "Id" or "Retry" or "Data" or "Json" or "FromServerSentEvent" ? $"a clash with its own {name} member" : null,
        _ => null,
    };
}
