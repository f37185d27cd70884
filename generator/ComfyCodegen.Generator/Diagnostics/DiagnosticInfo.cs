using System.Linq;
using ComfyCodegen.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ComfyCodegen.Generator.Diagnostics;

/// <summary>A place in a spec file: 0-based line and column, as Roslyn's LinePosition counts them.</summary>
internal sealed record SpecLocation(string FilePath, int Line, int Column)
{
    public Location ToLocation()
    {
        var position = new LinePosition(Line, Column);
        return Location.Create(FilePath, default, new LinePositionSpan(position, position));
    }
}

/// <summary>
/// A diagnostic as equatable data: the descriptor's id, where it points, and its message arguments. The pipeline
/// carries these, not Roslyn <see cref="Diagnostic"/>s, so cached steps compare by value.
/// </summary>
internal sealed record DiagnosticInfo(string Id, SpecLocation? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        var descriptor = DiagnosticCatalog.Find(Id);
        return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, System.Linq.Enumerable.ToArray<object>(Arguments));
    }

    /// <summary>An exception for a CCG0999 message: type, message and the innermost frames, so a report can be acted on.</summary>
    public static string Describe(System.Exception exception)
    {
        var frames = (exception.StackTrace ?? string.Empty)
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .Take(3);
        return $"{exception.GetType().Name}: {exception.Message} {string.Join(" ", frames)}";
    }

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SpecLocation? location, params string[] arguments) =>
        new(descriptor.Id, location, new EquatableArray<string>(arguments));
}
