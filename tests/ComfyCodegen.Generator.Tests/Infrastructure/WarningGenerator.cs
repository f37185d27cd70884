using Microsoft.CodeAnalysis;

namespace ComfyCodegen.Generator.Tests.Infrastructure;

/// <summary>A generator whose output compiles with one warning (CS0168), for testing check --warnaserror.</summary>
public sealed class WarningGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context) =>
        context.RegisterPostInitializationOutput(output =>
            output.AddSource("Warned.g.cs", "internal static class Warned { internal static void M() { int unused; } }"));
}
