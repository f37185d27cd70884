using System.Collections.Generic;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>A generated file: its hint name (unique in the compilation) and its text.</summary>
internal sealed record GeneratedFile(string HintName, string Source);

/// <summary>What a schema emits: its type's file and, for objects and unions, its converter's file.</summary>
internal readonly record struct EmittedType(string Type, string? Converter);

/// <summary>Turns a <see cref="ClientSpec"/> into source files: one per type, the client, its operations by group, and shared serialization helpers.</summary>
internal static class SourceEmitter
{
    public static EquatableArray<GeneratedFile> Emit(ClientSpec spec)
    {
        var context = new EmitContext(spec);
        var prefix = $"{spec.Namespace}.{spec.ClientName}";
        var files = new List<GeneratedFile>();

        foreach (var type in spec.Types)
        {
            var source = type switch
            {
                EnumSpec enumSpec => new EmittedType(EnumEmitter.Emit(context, enumSpec), null),
                UnionSpec unionSpec => UnionEmitter.Emit(context, unionSpec),
                ObjectSpec objectSpec => ObjectEmitter.Emit(context, objectSpec),
                _ => (EmittedType?)null,
            };

            if (source is { } emitted)
            {
                files.Add(new GeneratedFile($"{prefix}.Models.{type.Name}.g.cs", emitted.Type));
                if (emitted.Converter is { } converter)
                {
                    files.Add(new GeneratedFile($"{prefix}.Serialization.{type.Name}.g.cs", converter));
                }
            }
        }

        // The operations first: the client's file holds the members they share, collected as they are written.
        var shared = new ClientMembers(context);
        var operationTypes = new List<(string Name, string Source)>();
        var operations = OperationGroupEmitter.Emit(context, shared, operationTypes);
        files.Add(new GeneratedFile($"{prefix}.g.cs", ClientEmitter.Emit(context, shared)));
        foreach (var operation in operations)
        {
            files.Add(new GeneratedFile($"{prefix}.{operation.Name}.g.cs", operation.Source));
        }

        foreach (var (name, source) in operationTypes)
        {
            files.Add(new GeneratedFile($"{prefix}.Models.{name}.g.cs", source));
        }

        // Last: the emitters above registered the patterns and composite converters they use.
        files.Add(new GeneratedFile($"{prefix}.Serialization.g.cs", SerializationEmitter.Emit(context)));
        return files.ToEquatableArray();
    }
}
