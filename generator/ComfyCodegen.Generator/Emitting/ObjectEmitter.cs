using System.Globalization;
using System.Linq;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>Emits an object schema: a sealed record with required/nullable members, its Validate method and its JSON converter.</summary>
internal static class ObjectEmitter
{
    public static string Emit(EmitContext context, ObjectSpec spec)
    {
        var names = context.Names;
        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Block($"namespace {context.Spec.Namespace}"))
        {
            // A deprecated schema is said so in its summary, not with [Obsolete]: the generated converters, resolver and
            // every type that holds it use it, and each use would be CS0618 in the user's build (warnings as errors).
            DocComments.Summary(writer, spec.Deprecated ? (spec.Description ?? $"The {spec.Name} schema.") + "\nDeprecated by the API." : spec.Description, $"The {spec.Name} schema.");
            writer.WriteLine($"[global::System.Text.Json.Serialization.JsonConverter(typeof({names.ConverterOf(spec.Name)}))]");
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial record {spec.Name}"))
            {
                WriteProperties(context, writer, spec);
                WriteValidate(context, writer, spec);
            }
        }

        writer.WriteLine();
        using (SerializationScope.Open(writer, context))
        {
            WriteConverter(context, writer, spec);
        }

        return writer.ToString();
    }

    private static void WriteProperties(EmitContext context, SourceWriter writer, ObjectSpec spec)
    {
        var first = true;
        foreach (var property in spec.Properties)
        {
            if (!first)
            {
                writer.WriteLine();
            }

            first = false;
            var description = property.Description;
            if (property.Deprecated)
            {
                description = (description is null ? string.Empty : description + "\n") + "Deprecated by the API.";
            }

            DocComments.Summary(writer, description, $"The '{CSharpLiteral.Escape(property.JsonName)}' property.");
            DocComments.Raw(writer, $"<remarks>JSON name: <c>{DocComments.Escape(CSharpLiteral.Escape(property.JsonName))}</c>{(property.Required ? "; required" : "; optional")}{(property.Type.IsNullable ? ", nullable" : string.Empty)}.</remarks>");
            writer.WriteLine($"public {(property.Required ? "required " : string.Empty)}{PropertyType(context, property)} {property.Name} {{ get; init; }}");
        }

        if (spec.AdditionalProperties is { } additional)
        {
            if (!first)
            {
                writer.WriteLine();
            }

            DocComments.Summary(writer, "Members the spec does not name, kept as they came so nothing is lost on a round trip.", string.Empty);
            writer.WriteLine($"public global::System.Collections.Generic.IReadOnlyDictionary<string, {context.Names.OfElement(additional)}>? AdditionalProperties {{ get; init; }}");
        }
    }

    /// <summary>Required and non-nullable: T. Anything else may be null in C#.</summary>
    public static string PropertyType(EmitContext context, PropertySpec property) =>
        context.Names.Of(property.Type, nullable: !property.Required || property.Type.IsNullable);

    private static void WriteValidate(EmitContext context, SourceWriter writer, ObjectSpec spec)
    {
        writer.WriteLine();
        DocComments.Summary(writer, "Checks this value against the spec's constraints; throws ArgumentException naming the member that breaks one.", string.Empty);
        DocComments.Param(writer, "path", "How the value is named in messages, e.g. \"body\".");
        using (writer.Block("internal void Validate(string path)"))
        {
            if (spec.MinProperties is not null || spec.MaxProperties is not null)
            {
                var present = spec.Properties
                    .Select(p => p.Required && !p.Type.IsNullable && p.Type.IsValueType ? "1" : $"({p.Name} is null ? 0 : 1)")
                    .ToList();
                if (spec.AdditionalProperties is not null)
                {
                    present.Add("(AdditionalProperties?.Count ?? 0)");
                }

                var count = present.Count == 0 ? "0" : string.Join(" + ", present);
                writer.WriteLine($"{TypeNames.Runtime}.ParameterValidator.PropertyCount({count}, path, {Int(spec.MinProperties)}, {Int(spec.MaxProperties)});");
            }

            for (var i = 0; i < spec.Properties.Count; i++)
            {
                var property = spec.Properties[i];
                var path = "path + " + CSharpLiteral.String("." + property.JsonName);
                if (property.Required && !property.Type.IsNullable && !property.Type.IsValueType)
                {
                    writer.WriteLine($"{TypeNames.Runtime}.ParameterValidator.NotNull({property.Name}, {path});");
                }

                if (context.Validation.NeedsValidation(property.Type))
                {
                    using (writer.Block($"if ({property.Name} is {{ }} __v{i})"))
                    {
                        context.Validation.Write(writer, $"__v{i}", property.Type, path);
                    }
                }
            }
        }
    }

    private static void WriteConverter(EmitContext context, SourceWriter writer, ObjectSpec spec)
    {
        var names = context.SerializationNames;
        var typeName = $"global::{context.Spec.Namespace}.{spec.Name}";
        DocComments.Summary(writer, $"Reads and writes {spec.Name} as the spec's JSON, without reflection.", string.Empty);
        writer.WriteLine(names.GeneratedCodeAttribute);
        using (writer.Block($"public sealed class {spec.Name}JsonConverter : {names.Json}.Serialization.JsonConverter<{typeName}>"))
        {
            DocComments.Summary(writer, "The shared instance.", string.Empty);
            writer.WriteLine($"public static {spec.Name}JsonConverter Instance {{ get; }} = new();");
            writer.WriteLine();
            DocComments.Raw(writer, "<inheritdoc />");
            using (writer.Block($"public override {typeName} Read(ref {names.Json}.Utf8JsonReader reader, global::System.Type typeToConvert, {names.Json}.JsonSerializerOptions options)"))
            {
                WriteRead(context, writer, spec);
            }

            writer.WriteLine();
            DocComments.Raw(writer, "<inheritdoc />");
            using (writer.Block($"public override void Write({names.Json}.Utf8JsonWriter writer, {typeName} value, {names.Json}.JsonSerializerOptions options)"))
            {
                WriteWrite(context, writer, spec);
            }
        }
    }

    private static void WriteRead(EmitContext context, SourceWriter writer, ObjectSpec spec)
    {
        var names = context.SerializationNames;
        var reading = names.Reading;
        writer.WriteLine($"{reading}.ExpectStartObject(ref reader, {CSharpLiteral.String(spec.Name)});");
        for (var i = 0; i < spec.Properties.Count; i++)
        {
            var property = spec.Properties[i];
            writer.WriteLine($"{names.Of(property.Type, nullable: true)} __p{i} = default;");
            if (property.Required)
            {
                writer.WriteLine($"var __has{i} = false;");
            }
        }

        if (spec.AdditionalProperties is { } additional)
        {
            writer.WriteLine($"global::System.Collections.Generic.Dictionary<string, {names.OfElement(additional)}>? __additional = null;");
        }

        using (writer.Block("while (true)"))
        {
            using (writer.Block("if (!reader.Read())"))
            {
                writer.WriteLine($"throw new {names.Json}.JsonException({CSharpLiteral.String($"The JSON ends inside {spec.Name}.")});");
            }

            using (writer.Block($"if (reader.TokenType == {names.Json}.JsonTokenType.EndObject)"))
            {
                writer.WriteLine("break;");
            }

            // One line a member: converters are read by the compiler far more often than by people.
            for (var i = 0; i < spec.Properties.Count; i++)
            {
                var property = spec.Properties[i];
                var has = property.Required ? $" __has{i} = true;" : string.Empty;
                writer.WriteLine($"{(i == 0 ? "if" : "else if")} (reader.ValueTextEquals({CSharpLiteral.Utf8(property.JsonName)})) {{ reader.Read(); __p{i} = {ReadExpression(names, property.Type)};{has} }}");
            }

            using (writer.Block(spec.Properties.Count == 0 ? "// Members the spec does not name." : "else"))
            {
                if (spec.AdditionalProperties is { } extra)
                {
                    writer.WriteLine("var __name = reader.GetString()!;");
                    writer.WriteLine("reader.Read();");
                    writer.WriteLine($"(__additional ??= new global::System.Collections.Generic.Dictionary<string, {names.OfElement(extra)}>())[__name] = {ReadElementExpression(names, extra)};");
                }
                else
                {
                    writer.WriteLine("reader.Read();");
                    writer.WriteLine("reader.Skip();");
                }
            }
        }

        writer.WriteLine();
        using (writer.Block($"return new global::{context.Spec.Namespace}.{spec.Name}", "};"))
        {
            for (var i = 0; i < spec.Properties.Count; i++)
            {
                var property = spec.Properties[i];
                // A required member: the runtime gives the value, or the exception that says it was missing or null.
                var member = $"{CSharpLiteral.String(spec.Name)}, {CSharpLiteral.String(property.JsonName)}";
                var value = !property.Required ? $"__p{i}"
                    : property.Type.IsNullable ? $"{reading}.Present(__p{i}, __has{i}, {member})"
                    : $"{reading}.{(property.Type.IsValueType ? "RequiredStruct" : "RequiredClass")}(__p{i}, __has{i}, {member})";

                writer.WriteLine($"{property.Name} = {value},");
            }

            if (spec.AdditionalProperties is not null)
            {
                writer.WriteLine("AdditionalProperties = __additional,");
            }
        }
    }

    /// <summary>Reads the current token as the (nullable) C# type of <paramref name="type"/>.</summary>
    public static string ReadExpression(TypeNames names, TypeRef type)
    {
        var helper = type.IsValueType ? "ReadStruct" : "ReadClass";
        return $"{names.Reading}.{helper}(ref reader, {names.ConverterExpression(type)}, options)";
    }

    private static string ReadElementExpression(TypeNames names, TypeRef type) =>
        type.IsNullable
            ? ReadExpression(names, type)
            : $"{ReadExpression(names, type)} ?? throw new {names.Json}.JsonException(\"A member value is null, but the spec does not allow null.\")";

    private static void WriteWrite(EmitContext context, SourceWriter writer, ObjectSpec spec)
    {
        var names = context.SerializationNames;
        writer.WriteLine("writer.WriteStartObject();");
        for (var i = 0; i < spec.Properties.Count; i++)
        {
            var property = spec.Properties[i];
            var converter = names.ConverterExpression(property.Type);
            var name = CSharpLiteral.Utf8(property.JsonName);
            var local = $"__v{i}";
            if (property.Required && !property.Type.IsNullable)
            {
                writer.WriteLine($"{names.Reading}.WriteProperty(writer, {name}, value.{property.Name}, {converter}, options);");
                continue;
            }

            // Required and nullable: the member is always present, null when the value is.
            var orNull = property.Required ? $" else {{ writer.WritePropertyName({name}); writer.WriteNullValue(); }}" : string.Empty;
            writer.WriteLine($"if (value.{property.Name} is {{ }} {local}) {{ {names.Reading}.WriteProperty(writer, {name}, {local}, {converter}, options); }}{orNull}");
        }

        if (spec.AdditionalProperties is { } additional)
        {
            using (writer.Block("if (value.AdditionalProperties is { } __additional)"))
            {
                using (writer.Block("foreach (var __member in __additional)"))
                {
                    writer.WriteLine("writer.WritePropertyName(__member.Key);");
                    if (additional.IsValueType && !additional.IsNullable)
                    {
                        writer.WriteLine($"{names.ConverterExpression(additional)}.Write(writer, __member.Value, options);");
                    }
                    else
                    {
                        using (writer.Block("if (__member.Value is null)"))
                        {
                            writer.WriteLine("writer.WriteNullValue();");
                        }

                        using (writer.Block("else"))
                        {
                            var value = additional.IsNullable && additional.IsValueType ? "__member.Value.Value" : "__member.Value";
                            writer.WriteLine($"{names.ConverterExpression(additional)}.Write(writer, {value}, options);");
                        }
                    }
                }
            }
        }

        writer.WriteLine("writer.WriteEndObject();");
    }

    private static string Int(int? value) => value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture);
}
