using Microsoft.CodeAnalysis;

namespace ComfyCodegen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable: users suppress and search for them, and README.md lists
/// them. A new entry takes the next free number.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ComfyCodegen";
    private const string HelpBase = "https://github.com/comfycodegen/comfycodegen/blob/main/README.md#diagnostics";

    public static readonly DiagnosticDescriptor InvalidSyntax = Create(
        "CCG0001", "The spec cannot be read", "The spec cannot be read: {0}", DiagnosticSeverity.Error,
        "The file is not well-formed YAML or JSON. Fix the syntax at the reported position.");

    public static readonly DiagnosticDescriptor NotOpenApi = Create(
        "CCG0002", "Not an OpenAPI document", "The file is not an OpenAPI document: {0}", DiagnosticSeverity.Error,
        "A spec needs a top-level 'openapi' field with a 3.x version, 'info' and 'paths'.");

    public static readonly DiagnosticDescriptor UnsupportedVersion = Create(
        "CCG0003", "Unsupported OpenAPI version", "OpenAPI version '{0}' is not supported; use 3.0 or 3.1", DiagnosticSeverity.Error,
        "Only OpenAPI 3.0.x and 3.1.x documents are read. Convert Swagger 2.0 documents first.");

    public static readonly DiagnosticDescriptor UnresolvedReference = Create(
        "CCG0004", "Unresolved $ref", "The reference '{0}' does not resolve to anything in the spec: {1}", DiagnosticSeverity.Warning,
        "Every $ref must point at a component that exists in the same document.");

    public static readonly DiagnosticDescriptor DuplicateOperationId = Create(
        "CCG0005", "Duplicate operationId", "The operationId '{0}' is also used by {1}; this operation gets the method name '{2}'", DiagnosticSeverity.Warning,
        "operationIds must be unique in a document; they name the client's methods.");

    public static readonly DiagnosticDescriptor MissingOperationId = Create(
        "CCG0006", "Missing operationId", "{0} {1} has no operationId; its method is named '{2}'", DiagnosticSeverity.Info,
        "Give every operation an operationId so its method name is stable when paths change.");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Create(
        "CCG0007", "Unsupported construct", "{0}; everything else is still generated", DiagnosticSeverity.Warning,
        "The generator does not support this construct and generated the closest safe approximation.");

    public static readonly DiagnosticDescriptor RenamedIdentifier = Create(
        "CCG0008", "Identifier renamed", "'{0}' is emitted as '{1}' to avoid {2}", DiagnosticSeverity.Info,
        "Two spec names map to the same C# identifier, or a name collides with a reserved one; one was renamed.");

    public static readonly DiagnosticDescriptor SpecError = Create(
        "CCG0009", "Invalid OpenAPI document", "{0}", DiagnosticSeverity.Error,
        "The document breaks a rule of the OpenAPI specification.");

    public static readonly DiagnosticDescriptor SpecWarning = Create(
        "CCG0010", "Questionable OpenAPI document", "{0}", DiagnosticSeverity.Warning,
        "The document has a problem that does not stop generation, such as a path template parameter that is not declared.");

    public static readonly DiagnosticDescriptor InvalidApiKeyEnvironmentVariable = Create(
        "CCG0011", "Invalid ApiKeyEnvironmentVariable", "ApiKeyEnvironmentVariable '{0}' is not an environment variable name (letters, digits and '_', not starting with a digit); no environment variable is read", DiagnosticSeverity.Warning,
        "The ApiKeyEnvironmentVariable metadata of the spec's MSBuild item must be a portable environment variable name such as COMFY_API_KEY.");

    public static readonly DiagnosticDescriptor NamingPassesDisagree = Create(
        "CCG0012", "Type names may depend on the spec's order", "The generator's naming pass and mapping pass disagree here: {0}; every name is still unique, but may change when the spec is reordered. Please report it with the spec", DiagnosticSeverity.Warning,
        "A bug of ComfyCodegen: the first pass over the spec, which asks for every type name, and the second, which uses them, should see the same types.");

    public static readonly DiagnosticDescriptor InternalError = Create(
        "CCG0999", "Generator failure", "The generator failed on this spec: {0}", DiagnosticSeverity.Error,
        "An unexpected error inside the generator. Please report it with the spec that caused it.");

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpBase);
}
