namespace ComfyCodegen.Generator;

/// <summary>Names of the tracked pipeline steps; tests assert their run reasons to prove caching.</summary>
public static class TrackingNames
{
    /// <summary>Spec files with their options, as text.</summary>
    public const string SpecInputs = nameof(SpecInputs);

    /// <summary>Parsed models and diagnostics.</summary>
    public const string ParseResults = nameof(ParseResults);

    /// <summary>Models of specs that parsed without errors.</summary>
    public const string ClientSpecs = nameof(ClientSpecs);

    /// <summary>Generated files per spec.</summary>
    public const string GeneratedFiles = nameof(GeneratedFiles);

    /// <summary>Each generated file on its own, so that an edit passes on only the files it changed.</summary>
    public const string SourceFiles = nameof(SourceFiles);

    /// <summary>Whether the compilation references ComfyCodegen.DependencyInjection (Add{Client} is emitted only then).</summary>
    public const string ReferencesDependencyInjection = nameof(ReferencesDependencyInjection);

    /// <summary>The Add{Client} registration file per spec.</summary>
    public const string Registrations = nameof(Registrations);
}
