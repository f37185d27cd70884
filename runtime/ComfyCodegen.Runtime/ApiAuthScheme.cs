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

    /// <summary>An API key in a cookie (<see cref="ApiAuthScheme.ParameterName"/>); set it in <see cref="ApiClientOptions.Credentials"/>.</summary>
    ApiKeyCookie,

    /// <summary>
    /// Authorization: Basic base64(user:password) in UTF-8 (RFC 7617), from <see cref="ApiClientOptions.Username"/> and
    /// <see cref="ApiClientOptions.Password"/>, or from <see cref="ApiClientOptions.Credentials"/> as "user:password".
    /// </summary>
    Basic,
}

/// <summary>One security scheme from the spec; generated code holds one instance per scheme.</summary>
/// <param name="Kind">How the credential is sent.</param>
/// <param name="ParameterName">The header, query or cookie name for API keys; null for bearer and basic.</param>
/// <param name="SchemeName">The scheme's name in the spec, the key of <see cref="ApiClientOptions.Credentials"/>.</param>
public sealed record ApiAuthScheme(ApiAuthKind Kind, string? ParameterName, string SchemeName = "");
