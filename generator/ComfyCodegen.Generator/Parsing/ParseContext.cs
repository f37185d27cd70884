using System;
using System.Collections.Generic;
using System.Threading;
using ComfyCodegen.Generator.Diagnostics;
using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>What the parsing passes share: diagnostics (located lazily), type names, cancellation.</summary>
internal sealed class ParseContext
{
    private readonly YamlLocator _locator;
    private readonly bool _mentionsAdditionalProperties;
    private readonly bool _mentionsNullable;
    private readonly HashSet<string> _reportedReferences = new(StringComparer.Ordinal);
    private readonly Dictionary<Microsoft.OpenApi.OpenApiSchemaReference, Microsoft.OpenApi.IOpenApiSchema?> _targets = new(IdentityComparer<Microsoft.OpenApi.OpenApiSchemaReference>.Instance);

    public ParseContext(string filePath, string text, CancellationToken cancellationToken)
    {
        _locator = new YamlLocator(filePath, text);
        _mentionsAdditionalProperties = text.IndexOf("additionalProperties", StringComparison.Ordinal) >= 0;
        _mentionsNullable = text.IndexOf("nullable", StringComparison.Ordinal) >= 0;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// The spec's document (JSON is YAML too) as the reader's tree, read with the positions diagnostics use; null when
    /// it does not load as YAML. Handed out once: the parser repairs it in place and gives it to the reader.
    /// </summary>
    public System.Text.Json.Nodes.JsonNode? TakeDocumentTree() => _locator.TakeJson();

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    public bool HasErrors { get; private set; }

    /// <summary>
    /// True while the parser maps the spec a first time only to learn which type names it needs (see
    /// <see cref="TypeNameRegistry"/>): nothing is reported (the second pass reports what it finds), and work that asks
    /// for no type name, such as naming members and parameters, is left to the second pass.
    /// </summary>
    public bool NamingPass { get; set; }

    public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string? pointer, params string[] arguments)
    {
        if (NamingPass)
        {
            return;
        }

        if (descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
        {
            HasErrors = true;
        }

        Diagnostics.Add(DiagnosticInfo.Create(descriptor, _locator.Locate(pointer), arguments));
    }

    public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SpecLocation location, params string[] arguments)
    {
        if (NamingPass)
        {
            return;
        }

        if (descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
        {
            HasErrors = true;
        }

        Diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }

    /// <summary>
    /// The JSON type of the schema's <c>const</c> as the spec writes it (the reader keeps only its text: 3, "3" and true
    /// all come back as strings); null when it is no scalar or cannot be found.
    /// </summary>
    public Microsoft.OpenApi.JsonSchemaType? ConstType(string schemaPointer)
    {
        if (_locator.Scalar(schemaPointer + "/const") is not { } scalar || scalar.Value is null)
        {
            return null;
        }

        if (scalar.Style is not SharpYaml.ScalarStyle.Plain and not SharpYaml.ScalarStyle.Any)
        {
            return Microsoft.OpenApi.JsonSchemaType.String;
        }

        return scalar.Value switch
        {
            "true" or "false" => Microsoft.OpenApi.JsonSchemaType.Boolean,
            "null" or "~" or "" => null,
            _ when long.TryParse(scalar.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _) => Microsoft.OpenApi.JsonSchemaType.Integer,
            _ when double.TryParse(scalar.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) => Microsoft.OpenApi.JsonSchemaType.Number,
            _ => Microsoft.OpenApi.JsonSchemaType.String,
        };
    }

    /// <summary>Whether the schema at <paramref name="schemaPointer"/> says "additionalProperties: true" in so many words.</summary>
    public bool HasExplicitAdditionalProperties(string schemaPointer) =>
        _mentionsAdditionalProperties && _locator.IsLiteralTrue(schemaPointer + "/additionalProperties");

    /// <summary>
    /// Whether the schema at <paramref name="schemaPointer"/> says "nullable: true". OpenAPI 3.0.4 gives nullable
    /// no effect without a type, and the reader drops it there; but "allOf: [$ref] + nullable: true" is how 3.0
    /// specs (Comfy API v2 among them) say "this reference or null", and servers send null.
    /// </summary>
    public bool HasExplicitNullable(string schemaPointer) =>
        _mentionsNullable && _locator.IsLiteralTrue(schemaPointer + "/nullable");

    /// <summary>The document's component schemas, by name, for <see cref="TargetOf"/>; set once the document is read.</summary>
    public IDictionary<string, Microsoft.OpenApi.IOpenApiSchema>? ComponentSchemas { get; set; }

    /// <summary>
    /// The schema <paramref name="reference"/> points to, or null when it points nowhere. The reader resolves a
    /// reference again, splitting and walking its pointer, each time its Target (or UnresolvedReference, or any
    /// property read through it) is read, and the mapper reads each one several times over its two passes: that was a
    /// third of the whole parse. So each reference is resolved once, and one to a component schema
    /// ("#/components/schemas/{id}", nearly all of them) is looked up by name.
    /// </summary>
    public Microsoft.OpenApi.IOpenApiSchema? TargetOf(Microsoft.OpenApi.OpenApiSchemaReference reference)
    {
        if (!_targets.TryGetValue(reference, out var target))
        {
            target = ComponentTarget(reference) ?? reference.Target;
            _targets.Add(reference, target);
        }

        return target;
    }

    private Microsoft.OpenApi.IOpenApiSchema? ComponentTarget(Microsoft.OpenApi.OpenApiSchemaReference reference)
    {
        const string Prefix = "#/components/schemas/";
        var id = reference.Reference?.Id;
        var text = reference.Reference?.ReferenceV3;
        return id is not null && text is not null && ComponentSchemas is { } schemas
            && text.Length == Prefix.Length + id.Length && text.StartsWith(Prefix, StringComparison.Ordinal) && text.EndsWith(id, StringComparison.Ordinal)
            && schemas.TryGetValue(id, out var schema) ? schema : null;
    }

    public void ReportUnsupported(string pointer, string message) => Report(DiagnosticDescriptors.UnsupportedConstruct, pointer, message);

    public void ReportRenamed(string pointer, string specName, string emittedName, string reason) =>
        Report(DiagnosticDescriptors.RenamedIdentifier, pointer, specName, emittedName, reason);

    /// <summary>
    /// One report per reference site (the reader also warns about each). A warning, not an error: the damage stays at
    /// that site, and <paramref name="fallback"/> says what is generated there instead.
    /// </summary>
    public void ReportUnresolvedReference(string pointer, string reference, string fallback)
    {
        if (!NamingPass && _reportedReferences.Add(pointer))
        {
            Report(DiagnosticDescriptors.UnresolvedReference, pointer + "/$ref", reference, fallback);
        }
    }
}
