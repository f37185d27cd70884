using System.Globalization;
using System.Linq;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>Emits an object schema: a sealed record with required/nullable members, its Validate method and its JSON converter.</summary>
internal static class ObjectEmitter
{
    public static EmittedType Emit(EmitContext context, ObjectSpec spec)
    {
        var names = context.Names;
        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Namespace(context.Spec.Namespace))
        {
            // A deprecated schema is said so in its summary, not with [Obsolete]: the generated converters, resolver and
            // every type that holds it use it, and each use would be CS0618 in the user's build (warnings as errors).
            DocComments.Summary(writer, spec.Deprecated ? (spec.Description ?? $"The {spec.Name} schema.") + "\nDeprecated by the API." : spec.Description, $"The {spec.Name} schema.");
            writer.WriteLine($"[global::System.Text.Json.Serialization.JsonConverter(typeof({names.ConverterOf(spec.Name)}))]");
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial record {spec.Name}"))
            {
                WriteProperties(context, writer, spec);
                if (context.HasValidate(spec.Name))
                {
                    WriteValidate(context, writer, spec);
                }
            }
        }

        // The converter is a file of its own: each file holds one namespace, declared file-scoped.
        return new EmittedType(writer.ToString(), SerializationScope.File(context, converterWriter => WriteConverter(context, converterWriter, spec)));
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
        // Internal, so no doc comment: it checks the value against the spec's constraints and throws ArgumentException
        // naming the member that breaks one, "path" being how the value is named in messages (e.g. "body").
        writer.WriteLine();
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
                    context.Validation.WriteWhenPresent(writer, property.Name, $"__v{i}", property.Type, path);
                }
            }
        }
    }

    private static void WriteConverter(EmitContext context, SourceWriter writer, ObjectSpec spec)
    {
        var names = context.SerializationNames;
        var typeName = names.OfSchema(spec.Name);
        var converter = $"{spec.Name}JsonConverter";
        // Internal, as every converter: JsonSerializer reaches it through the [JsonConverter] attribute and the public
        // {Client}JsonTypeInfoResolver, the client calls it directly, and nothing outside needs its name. Internal
        // members need no doc comments, and converters are read by the compiler far more often than by people.
        writer.WriteLine(names.GeneratedCodeAttribute);
        using (writer.Block($"internal sealed class {converter} : {names.RuntimeJson}.JsonObjectConverter<{typeName}>"))
        {
            writer.WriteLine($"public static {converter} Instance {{ get; }} = new();");
            writer.WriteLine();

            // The members are numbered in this order: Read's cases, the presence checks and Write refer to them by number.
            var memberNames = string.Concat(spec.Properties.Select(p => ", " + CSharpLiteral.String(p.JsonName)));
            writer.WriteLine($"public {converter}() : base({CSharpLiteral.String(spec.Name)}{memberNames}) {{ }}");
            writer.WriteLine();
            using (writer.Block($"protected override {typeName} Read(ref {names.RuntimeJson}.JsonObjectReader reader)"))
            {
                WriteRead(context, writer, spec);
            }

            writer.WriteLine();
            using (writer.Block($"protected override void Write({names.RuntimeJson}.JsonObjectWriter writer, {typeName} value)"))
            {
                WriteWrite(context, writer, spec);
            }
        }
    }

    /// <summary>
    /// Locals p0…pN hold what was read; the runtime's JsonObjectReader finds each member by its number, keeps which
    /// members were seen and says which required one is missing or null. No schema name can capture the locals or the
    /// reader's members: names from the spec appear here only after "value." or as types.
    /// </summary>
    private static void WriteRead(EmitContext context, SourceWriter writer, ObjectSpec spec)
    {
        var names = context.SerializationNames;
        for (var i = 0; i < spec.Properties.Count; i++)
        {
            writer.WriteLine($"{names.Of(spec.Properties[i].Type, nullable: true)} p{i} = default;");
        }

        var additional = spec.AdditionalProperties;
        if (additional is not null)
        {
            writer.WriteLine($"{names.System}.Collections.Generic.Dictionary<string, {names.OfElement(additional)}>? other = null;");
        }

        if (spec.Properties.Count == 0 && additional is null)
        {
            // Nothing to keep: the loop only moves past the members (an empty switch would be CS1522).
            writer.WriteLine("while (reader.Next(out _))");
            writer.WriteLine("{");
            writer.WriteLine("}");
            writer.WriteLine();
            writer.WriteLine("return new();");
            return;
        }

        var next = additional is null
            ? "while (reader.Next(out var member))"
            : "while (reader.NextOrOther(out var member, out var otherName))";
        using (writer.Block(next))
        {
            using (writer.Block("switch (member)"))
            {
                // One line a member: converters are read by the compiler far more often than by people.
                for (var i = 0; i < spec.Properties.Count; i++)
                {
                    writer.WriteLine($"case {i}: p{i} = {ReadExpression(names, spec.Properties[i].Type, inObjectConverter: true)}; break;");
                }

                if (additional is not null)
                {
                    writer.WriteLine($"default: (other ??= new())[otherName!] = {ReadElementExpression(names, additional)}; break;");
                }
            }
        }

        writer.WriteLine();
        using (writer.Block("return new()", "};"))
        {
            for (var i = 0; i < spec.Properties.Count; i++)
            {
                var property = spec.Properties[i];
                var value = !property.Required ? $"p{i}"
                    : property.Type.IsNullable ? $"reader.Present(p{i}, {i})"
                    : $"reader.{(property.Type.IsValueType ? "RequiredStruct" : "RequiredClass")}(p{i}, {i})";

                writer.WriteLine($"{property.Name} = {value},");
            }

            if (additional is not null)
            {
                writer.WriteLine("AdditionalProperties = other,");
            }
        }
    }

    /// <summary>Reads the current token as the (nullable) C# type of <paramref name="type"/>.</summary>
    /// <param name="names">Names as the code's namespace writes them.</param>
    /// <param name="type">The type.</param>
    /// <param name="inObjectConverter">In a JsonObjectConverter, which reads through its JsonObjectReader.</param>
    public static string ReadExpression(TypeNames names, TypeRef type, bool inObjectConverter = false)
    {
        if (!inObjectConverter)
        {
            return $"{names.Reading}.{(type.IsValueType ? "ReadStruct" : "ReadClass")}(ref reader, {names.ConverterExpression(type)}, options)";
        }

        return TypeNames.PrimitiveMember(type.Kind) is { } primitive
            ? $"reader.{primitive}()"
            : $"reader.{(type.IsValueType ? "Struct" : "Class")}({names.ConverterExpression(type)})";
    }

    private static string ReadElementExpression(TypeNames names, TypeRef type) =>
        type.IsNullable
            ? ReadExpression(names, type, inObjectConverter: true)
            : $"{ReadExpression(names, type, inObjectConverter: true)} ?? throw new {names.Json}.JsonException(\"A member value is null, but the spec does not allow null.\")";

    private static void WriteWrite(EmitContext context, SourceWriter writer, ObjectSpec spec)
    {
        var names = context.SerializationNames;
        for (var i = 0; i < spec.Properties.Count; i++)
        {
            var property = spec.Properties[i];

            // Required members are always written (null as null); optional ones only when they have a value.
            var helper = !property.Required ? "Optional"
                : property.Type.IsNullable ? "Nullable"
                : "Write";
            // A primitive's overload is picked by the value's type; anything else names its converter.
            var converter = TypeNames.PrimitiveMember(property.Type.Kind) is null ? ", " + names.ConverterExpression(property.Type) : string.Empty;
            writer.WriteLine($"writer.{helper}({i}, value.{property.Name}{converter});");
        }

        if (spec.AdditionalProperties is { } additional)
        {
            using (writer.Block("if (value.AdditionalProperties is { } other)"))
            {
                using (writer.Block("foreach (var member in other)"))
                {
                    writer.WriteLine($"writer.Other(member.Key, member.Value, {names.ConverterExpression(additional)});");
                }
            }
        }
    }

    private static string Int(int? value) => value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture);
}
