using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace ComfyCodegen.Generator.Diagnostics;

/// <summary>Looks descriptors up by id, for turning <see cref="DiagnosticInfo"/> back into Roslyn diagnostics.</summary>
internal static class DiagnosticCatalog
{
    private static readonly Dictionary<string, DiagnosticDescriptor> ById = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToDictionary(descriptor => descriptor.Id);

    public static IReadOnlyCollection<DiagnosticDescriptor> All => ById.Values;

    public static DiagnosticDescriptor Find(string id) => ById[id];
}
