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

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SpecLocation? location, params string[] arguments) =>
        new(descriptor.Id, location, new EquatableArray<string>(arguments));
}
