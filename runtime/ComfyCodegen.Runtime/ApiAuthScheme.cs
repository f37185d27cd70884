namespace ComfyCodegen.Runtime;

/// <summary>How a security scheme of the spec puts credentials on a request.</summary>
public enum ApiAuthKind
{
    /// <summary>An API key in a header (<see cref="ApiAuthScheme.ParameterName"/>).</summary>
    ApiKeyHeader,

    /// <summary>An API key in the query string (<see cref="ApiAuthScheme.ParameterName"/>).</summary>
    ApiKeyQuery,

    /// <summary>Authorization: Bearer.</summary>
    Bearer,
}

/// <summary>One security scheme from the spec; generated code holds one instance per scheme.</summary>
/// <param name="Kind">How the credential is sent.</param>
/// <param name="ParameterName">The header or query name for API keys; null for bearer.</param>
public sealed record ApiAuthScheme(ApiAuthKind Kind, string? ParameterName);
