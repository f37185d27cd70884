using System.Linq;
using ComfyCodegen.Cli;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests.Infrastructure;

/// <summary>The assertion most generator tests end with: the generated code compiles with no error and no warning.</summary>
public static class Compiles
{
    /// <summary>Fails with the first 20 compiler errors and warnings of <paramref name="compilation"/>, if it has any.</summary>
    public static void Cleanly(Compilation compilation)
    {
        var problems = GeneratorHost.CompileDiagnostics(compilation);
        Assert.True(problems.IsEmpty, string.Join("\n", problems.Take(20).Select(Program.Format)));
    }
}
