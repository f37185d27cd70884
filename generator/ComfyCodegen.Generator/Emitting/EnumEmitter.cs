using System.Linq;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Emits a string enum as a readonly struct over its wire value. A value the spec does not list round-trips
/// unchanged — it never throws and never collapses to a default — and <c>IsDefined</c> tells the two apart.
/// </summary>
internal static class EnumEmitter
{
    public static string Emit(EmitContext context, EnumSpec spec)
    {
        var names = context.Names;
        var name = spec.Name;
        var full = $"global::{context.Spec.Namespace}.{name}";
        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Block($"namespace {context.Spec.Namespace}"))
        {
            // A deprecated schema is said so in its summary, not with [Obsolete]: the generated converters, resolver and
            // every type that holds it use it, and each use would be CS0618 in the user's build (warnings as errors).
            DocComments.Summary(writer, spec.Deprecated ? (spec.Description ?? $"The {name} values.") + "\nDeprecated by the API." : spec.Description, $"The {name} values.");
            DocComments.Raw(writer, "<remarks>Values the spec does not list are kept as they are; check <see cref=\"IsDefined\"/>.</remarks>");
            writer.WriteLine($"[global::System.Text.Json.Serialization.JsonConverter(typeof({names.ConverterOf(name)}))]");
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            // Inside its own body the struct is named simply: no member of it may take its name (CS0542, and the parser
            // renames such a member), so the simple name cannot mean anything else there.
            using (writer.Block($"public readonly partial struct {name} : global::System.IEquatable<{full}>, {TypeNames.Runtime}.IApiEnum"))
            {
                writer.WriteLine("private readonly string? _value;");
                writer.WriteLine();
                DocComments.Summary(writer, "Wraps a wire value, listed by the spec or not.", string.Empty);
                DocComments.Param(writer, "value", "The value as the API sends it.");
                using (writer.Block($"public {name}(string value)"))
                {
                    writer.WriteLine("_value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
                }

                foreach (var member in spec.Members)
                {
                    writer.WriteLine();
                    DocComments.Summary(writer, $"The value \"{CSharpLiteral.Escape(member.Value)}\".", string.Empty);
                    writer.WriteLine($"public static {name} {member.Name} {{ get; }} = new({CSharpLiteral.String(member.Value)});");
                }

                writer.WriteLine();
                DocComments.Summary(writer, "The value on the wire (empty for default).", string.Empty);
                writer.WriteLine("public string Value => _value ?? string.Empty;");
                writer.WriteLine();
                DocComments.Summary(writer, "Whether the spec lists this value.", string.Empty);
                using (writer.Block("public bool IsDefined => _value switch", "};"))
                {
                    foreach (var member in spec.Members)
                    {
                        writer.WriteLine($"{CSharpLiteral.String(member.Value)} => true,");
                    }

                    writer.WriteLine("_ => false,");
                }

                writer.WriteLine($$"""

                    /// <summary>Converts a wire value.</summary>
                    /// <param name="value">The value.</param>
                    public static implicit operator {{name}}(string value) => new(value);

                    /// <summary>Compares wire values (ordinal).</summary>
                    /// <param name="left">The left value.</param>
                    /// <param name="right">The right value.</param>
                    public static bool operator ==({{name}} left, {{name}} right) => left.Equals(right);

                    /// <summary>Compares wire values (ordinal).</summary>
                    /// <param name="left">The left value.</param>
                    /// <param name="right">The right value.</param>
                    public static bool operator !=({{name}} left, {{name}} right) => !left.Equals(right);

                    /// <inheritdoc />
                    public bool Equals({{name}} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);

                    /// <inheritdoc />
                    public override bool Equals(object? obj) => obj is {{name}} other && Equals(other);

                    /// <inheritdoc />
                    public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);

                    /// <inheritdoc />
                    public override string ToString() => Value;
                    """);
            }
        }

        writer.WriteLine();
        var sn = context.SerializationNames;
        using (SerializationScope.Open(writer, context))
        {
            DocComments.Summary(writer, $"Reads and writes {name} as its JSON string.", string.Empty);
            writer.WriteLine(sn.GeneratedCodeAttribute);
            using (writer.Block($"public sealed class {name}JsonConverter : {sn.Json}.Serialization.JsonConverter<{full}>"))
            {
                writer.WriteLine($$"""
                    /// <summary>The shared instance.</summary>
                    public static {{name}}JsonConverter Instance { get; } = new();

                    /// <inheritdoc />
                    public override {{full}} Read(ref {{sn.Json}}.Utf8JsonReader reader, global::System.Type typeToConvert, {{sn.Json}}.JsonSerializerOptions options)
                    {
                        if (reader.TokenType != {{sn.Json}}.JsonTokenType.String)
                        {
                            throw new {{sn.Json}}.JsonException({{CSharpLiteral.String($"Expected a JSON string for {name}, found ")}} + reader.TokenType + ".");
                        }

                        {{KnownValueReads(spec, full)}}
                        return new {{full}}(reader.GetString()!);
                    }

                    /// <inheritdoc />
                    public override void Write({{sn.Json}}.Utf8JsonWriter writer, {{full}} value, {{sn.Json}}.JsonSerializerOptions options) =>
                        writer.WriteStringValue(value.Value);
                    """);
            }
        }

        return writer.ToString();
    }

    /// <summary>
    /// A listed value is matched on its UTF-8 bytes and answered with the shared member, so reading one allocates
    /// nothing; only a value the spec does not list becomes a new string.
    /// </summary>
    private static string KnownValueReads(EnumSpec spec, string full)
    {
        var lines = new System.Collections.Generic.List<string>();
        foreach (var member in spec.Members)
        {
            lines.Add($"if (reader.ValueTextEquals({CSharpLiteral.Utf8(member.Value)})) {{ return {full}.{member.Name}; }}");
        }

        // The placeholder stands indented in the method body: every line after the first gets that indent too.
        return string.Join("\n", lines.Select((line, index) => index == 0 ? line : "    " + line));
    }
}
