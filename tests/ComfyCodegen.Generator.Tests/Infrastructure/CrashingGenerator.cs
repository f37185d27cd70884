using System;
using Microsoft.CodeAnalysis;

namespace ComfyCodegen.Generator.Tests.Infrastructure;

/// <summary>
/// A generator that fails the ways a generator can, for testing that the command line calls it a crash. It is not
/// ours: ours must never fail like this, so its failures cannot be provoked on purpose.
/// </summary>
public sealed class CrashingGenerator(CrashingGenerator.Mode mode) : IIncrementalGenerator
{
    public enum Mode
    {
        /// <summary>AddSource twice with one hint name: Roslyn throws inside the generator and reports CS8785.</summary>
        DuplicateHintName,

        /// <summary>An exception in the output step: CS8785.</summary>
        ThrowWhileGenerating,

        /// <summary>An exception in Initialize: CS8784.</summary>
        ThrowWhileInitializing,
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        if (mode == Mode.ThrowWhileInitializing)
        {
            throw new InvalidOperationException("initialize failed");
        }

        context.RegisterSourceOutput(context.AdditionalTextsProvider.Collect(), (output, texts) =>
        {
            switch (mode)
            {
                case Mode.DuplicateHintName:
                    output.AddSource("Same.g.cs", "// one");
                    output.AddSource("Same.g.cs", "// two");
                    break;
                case Mode.ThrowWhileGenerating:
                    throw new InvalidOperationException("generate failed");
            }
        });
    }
}
