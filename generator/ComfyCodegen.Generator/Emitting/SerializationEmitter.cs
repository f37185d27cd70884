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
        var names = context.SerializationNames;
        var composites = CollectComposites(spec);

        return SerializationScope.File(context, writer =>
        {
            DocComments.Summary(writer, $"The list and map converters of {spec.ClientName}'s types.", string.Empty);
            writer.WriteLine(names.GeneratedCodeAttribute);
            using (writer.Block($"public static class {spec.Names.ConvertersClassName}"))
            {
                var first = true;
                foreach (var composite in composites)
                {
                    if (!first)
                    {
                        writer.WriteLine();
                    }

                    first = false;
                    DocComments.Summary(writer, $"Reads and writes {TypeNames.Display(names.Of(composite))}.", string.Empty);
                    writer.WriteLine($"public static {names.Json}.Serialization.JsonConverter<{names.Of(composite)}> {TypeNames.CompositeKey(composite)} {{ get; }} = {names.CompositeConstruction(composite)};");
                }
            }

            writer.WriteLine();
            EmitResolver(writer, context, composites);

            writer.WriteLine();
            DocComments.Summary(writer, "The spec's patterns, each compiled on first use with a match timeout.", string.Empty);
            writer.WriteLine(names.GeneratedCodeAttribute);
            using (writer.Block($"internal static class {spec.Names.PatternsClassName}"))
            {
                for (var i = 0; i < context.Patterns.Patterns.Count; i++)
                {
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    writer.WriteLine($"private static global::System.Text.RegularExpressions.Regex? s_pattern{index};");
                    writer.WriteLine();
                    DocComments.Summary(writer, context.Patterns.Patterns[i], string.Empty);
                    writer.WriteLine($"internal static global::System.Text.RegularExpressions.Regex Pattern{index} => s_pattern{index} ??= {TypeNames.Runtime}.ParameterValidator.CreatePattern({CSharpLiteral.String(context.Patterns.Patterns[i])});");
                    writer.WriteLine();
                }
            }
        });
    }

    /// <summary>
    /// A JsonSerializer type-info resolver over the generated converters: System.Text.Json's reflection resolver,
    /// which reads the [JsonConverter] attributes, is off under native AOT, and another source generator cannot see
    /// our types; this gives JsonSerializer the same converters with no reflection.
    /// </summary>
    private static void EmitResolver(SourceWriter writer, EmitContext context, List<TypeRef> composites)
    {
        var spec = context.Spec;
        var names = context.SerializationNames;
        var resolver = spec.Names.ResolverClassName;
        DocComments.Summary(
            writer,
            $"System.Text.Json metadata for {spec.ClientName}'s types, from the generated converters: serialize with "
            + $"<c>JsonSerializer.Serialize(value, {resolver}.Options)</c> under trimming and native AOT (no reflection), "
            + "or chain it into your own options with JsonTypeInfoResolver.Combine.",
            string.Empty);
        writer.WriteLine(names.GeneratedCodeAttribute);
        using (writer.Block($"public sealed class {resolver} : {names.Json}.Serialization.Metadata.IJsonTypeInfoResolver"))
        {
            DocComments.Summary(writer, "The resolver.", string.Empty);
            writer.WriteLine($"public static {resolver} Default {{ get; }} = new();");
            writer.WriteLine();
            DocComments.Summary(writer, "Options that resolve these types only (read-only once first used).", string.Empty);
            writer.WriteLine($"public static {names.Json}.JsonSerializerOptions Options {{ get; }} = new() {{ TypeInfoResolver = Default }};");
            writer.WriteLine();
            writer.WriteLine("/// <inheritdoc />");

            // A chain of type tests, not a table of delegates: measured, a Dictionary<Type, Func<...>> filled with one
            // generic Add<T> a type made the native AOT consumer 466 KB larger (a closure instantiated per type).
            using (writer.Block($"public {names.Json}.Serialization.Metadata.JsonTypeInfo? GetTypeInfo({names.System}.Type type, {names.Json}.JsonSerializerOptions options)"))
            {
                foreach (var type in spec.Types)
                {
                    WriteCase(writer, names.OfSchema(type.Name), $"{names.ConverterOf(type.Name)}.Instance");
                }

                foreach (var composite in composites)
                {
                    WriteCase(writer, names.Of(composite), $"{spec.Names.ConvertersClassName}.{TypeNames.CompositeKey(composite)}");
                }

                writer.WriteLine("return null;");
            }
        }
    }

    private static void WriteCase(SourceWriter writer, string typeName, string converter) =>
        writer.WriteLine($"if (type == typeof({typeName})) {{ return {SerializationScope.Reading}.TypeInfo(options, {converter}); }}");

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
            // A parameter value that is sent as JSON text needs its converter too. Query, header and cookie arrays are
            // lists of items on the wire (OperationEmitter.WriteParameter), so only their items can be JSON; a path
            // parameter is one value.
            foreach (var parameter in operation.Parameters)
            {
                Visit(parameter.Location != ParameterLocation.Path && parameter.Type.Kind == TypeKind.Array ? parameter.Type.Element : parameter.Type);
            }

            foreach (var body in operation.RequestBodies)
            {
                Visit(body.Type);
            }

            foreach (var streamed in operation.Events)
            {
                Visit(streamed.Type);
            }

            foreach (var response in operation.Responses)
            {
                Visit(response.Type);
            }
        }

        return result;
    }
}
