using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Model;

/// <summary>Everything needed to emit the client of one spec.</summary>
internal sealed record ClientSpec(
    string Namespace,
    string ClientName,
    string Title,
    string? Description,
    string? DefaultServerUrl,
    EquatableArray<SecuritySchemeSpec> SecuritySchemes,
    EquatableArray<OperationSpec> Operations,
    EquatableArray<TypeSpec> Types,
    string SpecFilePath,
    EquatableArray<ServerSpec> Servers = default,
    string? ApiKeyEnvironmentVariable = null)
{
    public ClientNames Names => new(ClientName);

    public string InterfaceName => Names.InterfaceName;
}

/// <summary>
/// The names of the client and of the classes emitted beside it. They are derived from the client's name, and the
/// parser reserves every one of them before any schema is named, so no generated type can take one.
/// </summary>
internal sealed record ClientNames(string ClientName)
{
    public string InterfaceName => "I" + ClientName;

    /// <summary>The static class holding Add{Client}(this IServiceCollection).</summary>
    public string ExtensionsClassName => ClientName + "ServiceCollectionExtensions";

    public string ConvertersClassName => ClientName + "JsonConverters";

    public string ResolverClassName => ClientName + "JsonTypeInfoResolver";

    public string PatternsClassName => ClientName + "Patterns";
}

internal enum SecuritySchemeKind
{
    ApiKeyHeader,
    ApiKeyQuery,
    ApiKeyCookie,
    Bearer,
    Basic,
}

/// <summary>A securityScheme the client can apply: <see cref="ParameterName"/> is the header or query name for API keys.</summary>
internal sealed record SecuritySchemeSpec(string Name, SecuritySchemeKind Kind, string? ParameterName);

/// <summary>A server of the spec: its URL template ("https://{deployment}.run.comfy.app") and variables.</summary>
internal sealed record ServerSpec(string Url, string? Description, EquatableArray<ServerVariableSpec> Variables);

/// <summary>A server variable: its name, the C# parameter for it, its default and the values it allows.</summary>
internal sealed record ServerVariableSpec(string Name, string ParameterName, string Default, string? Description, EquatableArray<string> Allowed);
