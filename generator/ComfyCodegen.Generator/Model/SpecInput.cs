namespace ComfyCodegen.Generator.Model;

/// <summary>
/// One spec file as the build hands it to us: its path, its text and the options from its MSBuild item.
/// <see cref="Namespace"/>, <see cref="ClientName"/> and <see cref="ApiKeyEnvironmentVariable"/> are null when the
/// item does not set them (or sets them empty).
/// </summary>
internal sealed record SpecInput(
    string FilePath,
    string Text,
    string? Namespace,
    string? ClientName,
    string? RootNamespace,
    string? ApiKeyEnvironmentVariable = null);
