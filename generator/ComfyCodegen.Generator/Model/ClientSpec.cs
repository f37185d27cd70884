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
    EquatableArray<ServerSpec> Servers = default)
{
    public string InterfaceName => "I" + ClientName;
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
