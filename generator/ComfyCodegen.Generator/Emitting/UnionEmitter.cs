using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Emits oneOf/anyOf as a closed union: one factory, one Is/As pair per variant, and a converter that picks the
/// variant by discriminator, else by JSON token and, among several candidates, the first that reads cleanly.
/// </summary>
internal static class UnionEmitter
{
    public static EmittedType Emit(EmitContext context, UnionSpec spec)
    {
        var names = context.Names;
        var full = $"global::{context.Spec.Namespace}.{spec.Name}";
        var (indexName, valueName) = MemberNames(spec);
        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Namespace(context.Spec.Namespace))
        {
            // Deprecation in the summary, not [Obsolete], as for objects and enums (ObjectEmitter says why).
            DocComments.Summary(writer, spec.Deprecated ? (spec.Description ?? $"One of the {spec.Name} alternatives.") + "\nDeprecated by the API." : spec.Description, $"One of the {spec.Name} alternatives.");
            DocComments.Raw(writer, $"<remarks>Exactly one variant is set; <see cref=\"{valueName}\"/> holds it.</remarks>");
            writer.WriteLine($"[global::System.Text.Json.Serialization.JsonConverter(typeof({names.ConverterOf(spec.Name)}))]");
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial record {spec.Name}"))
            {
                writer.WriteLine($$"""
                    private {{spec.Name}}(int index, object value)
                    {
                        {{indexName}} = index;
                        {{valueName}} = value;
                    }

                    /// <summary>Which variant is set, in the spec's order (0-based).</summary>
                    public int {{indexName}} { get; }

                    /// <summary>The variant's value.</summary>
                    public object {{valueName}} { get; }
                    """);
                for (var i = 0; i < spec.Variants.Count; i++)
                {
                    var variant = spec.Variants[i];
                    var type = names.Of(variant.Type);
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    var boxed = variant.Type.IsValueType ? "value" : "value ?? throw new global::System.ArgumentNullException(nameof(value))";
                    writer.WriteLine();
                    writer.WriteLine($$"""
                        /// <summary>Whether the value is the {{variant.Name}} variant.</summary>
                        public bool Is{{variant.Name}} => {{indexName}} == {{index}};

                        /// <summary>The {{variant.Name}} variant, or null when another is set.</summary>
                        public {{type}}? As{{variant.Name}} => {{indexName}} == {{index}} ? ({{type}}?){{valueName}} : null;

                        /// <summary>Creates the union from its {{variant.Name}} variant.</summary>
                        /// <param name="value">The value.</param>
                        public static {{full}} From{{variant.Name}}({{type}} value) => new({{index}}, {{boxed}});
                        """);
                    if (variant.Type.Kind is not (TypeKind.Array or TypeKind.Map) && spec.Variants.Count(v => names.Of(v.Type) == type) == 1)
                    {
                        writer.WriteLine($$"""

                            /// <summary>Creates the union from its {{variant.Name}} variant.</summary>
                            /// <param name="value">The value.</param>
                            public static implicit operator {{full}}({{type}} value) => From{{variant.Name}}(value);
                            """);
                    }
                }

                if (context.HasValidate(spec.Name))
                {
                    writer.WriteLine();
                    // Internal, so no doc comment: checks the set variant against the spec's constraints; "path" names the value.
                    using (writer.Block("internal void Validate(string path)"))
                    {
                        for (var i = 0; i < spec.Variants.Count; i++)
                        {
                            var variant = spec.Variants[i];
                            if (context.Validation.NeedsValidation(variant.Type))
                            {
                                context.Validation.WriteWhenPresent(writer, $"As{variant.Name}", $"__v{i}", variant.Type, "path");
                            }
                        }
                    }
                }
            }
        }

        // The converter is a file of its own: each file holds one namespace, declared file-scoped.
        return new EmittedType(writer.ToString(), SerializationScope.File(context, converterWriter => WriteConverter(context, converterWriter, spec, full)));
    }

    private static void WriteConverter(EmitContext context, SourceWriter writer, UnionSpec spec, string full)
    {
        var names = context.SerializationNames;
        var (indexName, valueName) = MemberNames(spec);
        // Internal, as every converter (ObjectEmitter says why): no doc comments.
        writer.WriteLine(names.GeneratedCodeAttribute);
        using (writer.Block($"internal sealed class {spec.Name}JsonConverter : {names.Json}.Serialization.JsonConverter<{full}>"))
        {
            writer.WriteLine($"public static {spec.Name}JsonConverter Instance {{ get; }} = new();");
            writer.WriteLine();
            using (writer.Block($"public override {full} Read(ref {names.Json}.Utf8JsonReader reader, {names.System}.Type typeToConvert, {names.Json}.JsonSerializerOptions options)"))
            {
                if (spec.DiscriminatorProperty is { } discriminator && spec.Variants.Any(v => v.DiscriminatorValues.Count > 0))
                {
                    writer.WriteLine($"var __discriminator = {names.Reading}.PeekDiscriminator(reader, {CSharpLiteral.Utf8(discriminator)});");
                    using (writer.Block("switch (__discriminator)"))
                    {
                        for (var i = 0; i < spec.Variants.Count; i++)
                        {
                            var variant = spec.Variants[i];
                            if (variant.DiscriminatorValues.Count == 0)
                            {
                                continue;
                            }

                            writer.WriteLine(string.Join(" ", variant.DiscriminatorValues.Select(v => $"case {CSharpLiteral.String(v)}:")));
                            writer.Indentation++;
                            writer.WriteLine($"return {full}.From{variant.Name}({ObjectEmitter.ReadExpression(context.SerializationNames, variant.Type)} ?? throw {NullVariant(spec)});");
                            writer.Indentation--;
                        }
                    }
                }

                using (writer.Block("switch (reader.TokenType)"))
                {
                    WriteCase(context, writer, spec, full, JsonShape.String, "String");
                    WriteCase(context, writer, spec, full, JsonShape.Number, "Number");
                    WriteCase(context, writer, spec, full, JsonShape.Boolean, "True", "False");
                    WriteCase(context, writer, spec, full, JsonShape.Array, "StartArray");
                    WriteCase(context, writer, spec, full, JsonShape.Object, "StartObject");
                }

                writer.WriteLine($"throw new {names.Json}.JsonException(\"A JSON \" + reader.TokenType + {CSharpLiteral.String($" matches none of the {spec.Name} variants.")});");
            }

            writer.WriteLine();
            using (writer.Block($"public override void Write({names.Json}.Utf8JsonWriter writer, {full} value, {names.Json}.JsonSerializerOptions options)"))
            {
                using (writer.Block($"switch (value.{indexName})"))
                {
                    for (var i = 0; i < spec.Variants.Count; i++)
                    {
                        var variant = spec.Variants[i];
                        writer.WriteLine($"case {i.ToString(CultureInfo.InvariantCulture)}:");
                        writer.Indentation++;
                        writer.WriteLine($"{names.ConverterExpression(variant.Type)}.Write(writer, ({names.Of(variant.Type)})value.{valueName}, options);");
                        writer.WriteLine("return;");
                        writer.Indentation--;
                    }
                }

                writer.WriteLine($"throw new {names.Json}.JsonException({CSharpLiteral.String($"{spec.Name} holds no variant.")});");
            }
        }
    }

    private static void WriteCase(EmitContext context, SourceWriter writer, UnionSpec spec, string full, JsonShape shape, params string[] tokens)
    {
        var candidates = new List<UnionVariantSpec>();
        candidates.AddRange(spec.Variants.Where(v => v.Shape == shape));
        candidates.AddRange(spec.Variants.Where(v => v.Shape == JsonShape.Any));
        if (candidates.Count == 0)
        {
            return;
        }

        writer.WriteLine(string.Join(" ", tokens.Select(t => $"case {SerializationScope.Json}.JsonTokenType.{t}:")));
        using (writer.Block(string.Empty))
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var variant = candidates[i];
                var read = $"{full}.From{variant.Name}({ObjectEmitter.ReadExpression(context.SerializationNames, variant.Type).Replace("ref reader", "ref __copy")} ?? throw {NullVariant(spec)})";
                if (i == candidates.Count - 1)
                {
                    writer.WriteLine($"return {read.Replace("ref __copy", "ref reader")};");
                    continue;
                }

                // Several variants fit this token: the first that reads cleanly wins; the reader only advances on success.
                using (writer.Block("try"))
                {
                    writer.WriteLine("var __copy = reader;");
                    writer.WriteLine($"var __result = {read};");
                    writer.WriteLine("reader = __copy;");
                    writer.WriteLine("return __result;");
                }

                var system = context.SerializationNames.System;
                using (writer.Block($"catch ({system}.Exception __exception) when (__exception is {SerializationScope.Json}.JsonException or {system}.InvalidOperationException or {system}.FormatException)"))
                {
                    writer.WriteLine("// Not this variant; try the next.");
                }
            }
        }
    }

    private static (string Index, string Value) MemberNames(UnionSpec spec) => (spec.IndexMember, spec.ValueMember);

    private static string NullVariant(UnionSpec spec) =>
        $"new {SerializationScope.Json}.JsonException({CSharpLiteral.String($"{spec.Name} cannot be null.")})";
}
