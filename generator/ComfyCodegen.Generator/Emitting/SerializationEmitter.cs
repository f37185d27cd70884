using System.Collections.Generic;
using System.Globalization;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Emits what the per-type files share: list and map converters (one instance each, elements before the
/// collections that use them, since static initializers run in order) and the spec's regex patterns.
/// </summary>
internal static class SerializationEmitter
{
    public static string Emit(EmitContext context)
    {
        var spec = context.Spec;
        var names = context.Names;
        var composites = CollectComposites(spec);

        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Block($"namespace {names.SerializationNamespace}"))
        {
            DocComments.Summary(writer, $"The list and map converters of {spec.ClientName}'s types.", string.Empty);
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"public static class {spec.ClientName}JsonConverters"))
            {
                var first = true;
                foreach (var composite in composites)
                {
                    if (!first)
                    {
                        writer.WriteLine();
                    }

                    first = false;
                    DocComments.Summary(writer, $"Reads and writes {names.Of(composite)}.", string.Empty);
                    writer.WriteLine($"public static global::System.Text.Json.Serialization.JsonConverter<{names.Of(composite)}> {TypeNames.CompositeKey(composite)} {{ get; }} = {names.CompositeConstruction(composite)};");
                }
            }

            writer.WriteLine();
            DocComments.Summary(writer, "The spec's patterns, each compiled on first use with a match timeout.", string.Empty);
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"internal static class {spec.ClientName}Patterns"))
            {
                for (var i = 0; i < context.Patterns.Patterns.Count; i++)
                {
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    writer.WriteLine($"private static global::System.Text.RegularExpressions.Regex? s_pattern{index};");
                    writer.WriteLine();
                    DocComments.Summary(writer, context.Patterns.Patterns[i], string.Empty);
                    writer.WriteLine($"internal static global::System.Text.RegularExpressions.Regex Pattern{index} => s_pattern{index} ??= {TypeNames.Runtime}.ParameterValidator.CreatePattern({PatternRegistry.Literal(context.Patterns.Patterns[i])});");
                    writer.WriteLine();
                }
            }
        }

        return writer.ToString();
    }

    /// <summary>Every list and map type the JSON model uses, each after its element types.</summary>
    private static List<TypeRef> CollectComposites(ClientSpec spec)
    {
        var result = new List<TypeRef>();
        var seen = new HashSet<string>();

        void Visit(TypeRef? type)
        {
            if (type is null || type.Kind is not (TypeKind.Array or TypeKind.Map))
            {
                return;
            }

            Visit(type.Element);
            var key = TypeNames.CompositeKey(type);
            if (seen.Add(key))
            {
                // The converter ignores nullability and constraints of the collection itself.
                result.Add(type with { IsNullable = false, Constraints = null });
            }
        }

        foreach (var type in spec.Types)
        {
            switch (type)
            {
                case ObjectSpec objectSpec:
                    foreach (var property in objectSpec.Properties)
                    {
                        Visit(property.Type);
                    }

                    Visit(objectSpec.AdditionalProperties);
                    break;
                case UnionSpec unionSpec:
                    foreach (var variant in unionSpec.Variants)
                    {
                        Visit(variant.Type);
                    }

                    break;
            }
        }

        foreach (var operation in spec.Operations)
        {
            foreach (var body in operation.RequestBodies)
            {
                Visit(body.Type);
            }

            foreach (var response in operation.Responses)
            {
                Visit(response.Type);
            }
        }

        return result;
    }
}
