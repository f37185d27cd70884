namespace ComfyCodegen.Generator.Model;

/// <summary>
/// What services.Add{Client}(...) needs of a spec, and nothing else: an edit to an operation or a schema leaves this
/// equal, so the registration file stays cached.
/// </summary>
internal sealed record RegistrationSpec(
    string Namespace,
    string ClientName,
    string? DefaultServerUrl,
    string? ApiKeyEnvironmentVariable)
{
    public ClientNames Names => new(ClientName);

    public static RegistrationSpec From(ClientSpec spec) =>
        new(spec.Namespace, spec.ClientName, spec.DefaultServerUrl, spec.ApiKeyEnvironmentVariable);
}
