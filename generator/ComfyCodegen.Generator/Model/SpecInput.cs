namespace ComfyCodegen.Generator.Model;

/// <summary>
/// One spec file as the build hands it to us: its path, its text and the options from its MSBuild item.
/// <see cref="Namespace"/> and <see cref="ClientName"/> are null when the item does not set them.
/// </summary>
internal sealed record SpecInput(
    string FilePath,
    string Text,
    string? Namespace,
    string? ClientName,
    string? RootNamespace);
