using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ComfyCodegen.Generator.Diagnostics;
using ComfyCodegen.Generator.Emitting;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;
using Microsoft.OpenApi;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>One operation of the document, where it stands.</summary>
internal sealed record OperationSite(string Path, string Method, OpenApiOperation Operation, IOpenApiPathItem PathItem, string Pointer)
{
    public string Key => Method + " " + Path;
}

/// <summary>
/// The client's method names. Each operation gets a stem S (its operationId in PascalCase, or one derived from method
/// and path) and the method "SAsync"; a clash puts the number on the stem ("ListTags2Async"), which also names the
/// operation's types ("ListTags2Response"). Methods the generator adds — one per content type of a body when they
/// cannot be overloads ("S{Json}Async"), the page walker ("SAllAsync") — are named once every operation is mapped,
/// after the operations' own names, in the same scope. The operations' groups (see <see cref="Group"/>) are named here too.
/// </summary>
internal sealed class OperationNames
{
    private static readonly string[] MethodOrder = { "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE" };

    private readonly ParseContext _context;
    private readonly NameScope _stems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _stemByOperation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _groupByOperation = new(StringComparer.Ordinal);

    public OperationNames(ParseContext context, IReadOnlyList<OperationSite> sites)
    {
        _context = context;
        var claims = new List<(OperationSite Site, string? Derived, NameScope.Claim Claim)>();
        foreach (var site in sites)
        {
            var operationId = site.Operation.OperationId;
            string? derived = null;
            string preferred;
            if (string.IsNullOrWhiteSpace(operationId))
            {
                derived = Identifiers.ToPascalCase(site.Method.ToLowerInvariant() + " " + site.Path.Replace("{", " by ").Replace("}", " "));
                preferred = derived;
            }
            else
            {
                preferred = Identifiers.ToPascalCase(operationId!);
            }

            var tieBreak = (operationId ?? string.Empty) + "\n" + site.Path + "\n" + Array.IndexOf(MethodOrder, site.Method).ToString("D2", CultureInfo.InvariantCulture);
            var owner = operationId is null ? $"the method of {site.Method} {site.Path}" : $"the method of operation '{operationId}'";
            claims.Add((site, derived, _stems.Request(preferred, 0, tieBreak, owner)));
        }

        _stems.Resolve();
        NameGroups(sites);

        // The first of several with one operationId (by path, then method) keeps it; the others are errors.
        var firstById = claims
            .Where(c => !string.IsNullOrWhiteSpace(c.Site.Operation.OperationId))
            .GroupBy(c => c.Site.Operation.OperationId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Claim.TieBreak, StringComparer.Ordinal).First().Site, StringComparer.Ordinal);

        foreach (var (site, derived, claim) in claims)
        {
            var stem = claim.Name!;
            _stemByOperation[site.Key] = stem;
            var operationId = site.Operation.OperationId;
            if (derived is not null)
            {
                context.Report(DiagnosticDescriptors.MissingOperationId, site.Pointer, site.Method, site.Path, stem + "Async");
                if (claim.IsRenamed)
                {
                    context.ReportRenamed(site.Pointer, derived + "Async", stem + "Async", claim.Clash!);
                }
            }
            else if (firstById[operationId!] is { } first && !ReferenceEquals(first, site))
            {
                context.Report(DiagnosticDescriptors.DuplicateOperationId, site.Pointer + "/operationId", operationId!, $"{first.Method} {first.Path}", stem + "Async");
            }
            else if (claim.IsRenamed)
            {
                context.ReportRenamed(site.Pointer + "/operationId", operationId!, stem + "Async", claim.Clash!);
            }
        }
    }

    /// <summary>Every operation of the document, in document order, methods in a fixed order within a path.</summary>
    public static List<OperationSite> Sites(OpenApiDocument document)
    {
        var sites = new List<OperationSite>();
        if (document.Paths is null)
        {
            return sites;
        }

        foreach (var path in document.Paths)
        {
            if (path.Value?.Operations is null)
            {
                continue;
            }

            foreach (var pair in path.Value.Operations.OrderBy(p => Array.IndexOf(MethodOrder, p.Key.Method.ToUpperInvariant())))
            {
                if (pair.Value is null)
                {
                    continue;
                }

                var method = pair.Key.Method.ToUpperInvariant();
                sites.Add(new OperationSite(path.Key, method, pair.Value, path.Value, $"#/paths/{Pointer.Escape(path.Key)}/{method.ToLowerInvariant()}"));
            }
        }

        return sites;
    }

    /// <summary>The stem of the operation at <paramref name="site"/>: its method is stem + "Async", its types start with it.</summary>
    public string Stem(OperationSite site) => _stemByOperation[site.Key];

    /// <summary>
    /// The group of the operation at <paramref name="site"/>: its methods are emitted into a file of that group's
    /// ("{Client}.Operations.{Group}.g.cs"), so an edit of one operation re-emits its group, not the whole client.
    /// </summary>
    public string Group(OperationSite site) => _groupByOperation[site.Key];

    /// <summary>
    /// An operation's group is its first tag in PascalCase ("Untagged" without one). The names end a file's name, so
    /// groups that differ only in case are one group (file systems may ignore case), named by the ordinal first of
    /// their names, whatever the spec's order.
    /// </summary>
    private void NameGroups(IReadOnlyList<OperationSite> sites)
    {
        const string Untagged = "Untagged";
        var preferred = new List<(string Key, string Name)>(sites.Count);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in sites)
        {
            string? tag = null;
            foreach (var reference in site.Operation.Tags ?? Enumerable.Empty<OpenApiTagReference>())
            {
                tag = reference?.Reference?.Id;
                break;
            }

            var name = string.IsNullOrWhiteSpace(tag) ? Untagged : Identifiers.ToPascalCase(tag!);
            preferred.Add((site.Key, name));
            if (!names.TryGetValue(name, out var taken) || string.CompareOrdinal(name, taken) < 0)
            {
                names[name] = name;
            }
        }

        foreach (var (key, name) in preferred)
        {
            _groupByOperation[key] = names[name];
        }
    }

    /// <summary>
    /// Names the methods the generator adds to the operations of <paramref name="draft"/> (its types final): one per
    /// content type when the body types cannot tell overloads apart, and the page walker of list operations.
    /// </summary>
    public List<OperationSpec> NameAddedMethods(ClientSpec draft)
    {
        var emit = new EmitContext(draft);
        var pointers = new Dictionary<string, string>(StringComparer.Ordinal);
        var bodyClaims = new List<(int Operation, int Body, NameScope.Claim Claim)>();
        var pagedClaims = new List<(int Operation, NameScope.Claim Claim)>();
        for (var i = 0; i < draft.Operations.Count; i++)
        {
            var operation = draft.Operations[i];
            var key = operation.HttpMethod + " " + operation.Path;
            var stem = _stemByOperation[key];
            var tieBreak = operation.OperationId + "\n" + key;
            if (operation.RequestBodies.Count > 1)
            {
                var types = operation.RequestBodies.Select(body => OperationEmitter.BodyType(emit, body)).ToList();
                if (types.Distinct(StringComparer.Ordinal).Count() != types.Count)
                {
                    for (var b = 0; b < operation.RequestBodies.Count; b++)
                    {
                        var body = operation.RequestBodies[b];
                        var suffix = OperationMapper.SuffixFor(body.Kind, body.ContentType);
                        bodyClaims.Add((i, b, _stems.Request(stem + suffix, 1, tieBreak + "\n" + body.ContentType, $"the {body.ContentType} method of operation '{operation.OperationId}'")));
                    }
                }
            }

            if (operation.RequestBodies.Count == 0)
            {
                var method = new MethodPlan(operation, operation.MethodName, null, -1, ResponsePlan.For(operation));
                if (PaginationPlan.For(emit, method) is not null)
                {
                    pagedClaims.Add((i, _stems.Request(stem + "All", 1, tieBreak, $"the page walker of operation '{operation.OperationId}'")));
                }
            }
        }

        _stems.Resolve();

        var result = draft.Operations.ToList();
        foreach (var (index, body, claim) in bodyClaims)
        {
            var operation = result[index];
            var bodies = operation.RequestBodies.ToArray();
            bodies[body] = bodies[body] with { MethodName = claim.Name + "Async" };
            result[index] = operation with { RequestBodies = bodies.ToEquatableArray() };
            ReportIfRenamed(operation, claim);
        }

        foreach (var (index, claim) in pagedClaims)
        {
            result[index] = result[index] with { PagedMethodName = claim.Name + "Async" };
            ReportIfRenamed(result[index], claim);
        }

        return result;
    }

    private void ReportIfRenamed(OperationSpec operation, NameScope.Claim claim)
    {
        if (claim.IsRenamed)
        {
            _context.ReportRenamed($"#/paths/{Pointer.Escape(operation.Path)}/{operation.HttpMethod.ToLowerInvariant()}", claim.Preferred + "Async", claim.Name + "Async", claim.Clash!);
        }
    }
}
