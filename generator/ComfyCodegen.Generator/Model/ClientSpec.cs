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
    string SpecFilePath)
{
    public string InterfaceName => "I" + ClientName;
}

internal enum SecuritySchemeKind
{
    ApiKeyHeader,
    ApiKeyQuery,
    ApiKeyCookie,
    Bearer,
}

/// <summary>A securityScheme the client can apply: <see cref="ParameterName"/> is the header or query name for API keys.</summary>
internal sealed record SecuritySchemeSpec(string Name, SecuritySchemeKind Kind, string? ParameterName);
