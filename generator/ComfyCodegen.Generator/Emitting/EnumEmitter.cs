using System.Linq;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Emits a string enum as a readonly record struct over its wire value. A value the spec does not list round-trips
/// unchanged — it never throws and never collapses to a default — and <c>IsDefined</c> tells the two apart.
/// </summary>
/// <remarks>
/// What every enum does alike lives in the runtime: reading and writing (ApiEnumJsonConverter&lt;T&gt;), the listed
/// check (ApiEnum.IsListed), and equality, which the compiler writes for a record struct (ordinal, on the value).
/// The struct holds only its values and the members a user calls.
/// </remarks>
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
        using (writer.Namespace(context.Spec.Namespace))
        {
            // A deprecated schema is said so in its summary, not with [Obsolete]: the generated converters, resolver and
            // every type that holds it use it, and each use would be CS0618 in the user's build (warnings as errors).
            DocComments.Summary(writer, spec.Deprecated ? (spec.Description ?? $"The {name} values.") + "\nDeprecated by the API." : spec.Description, $"The {name} values.");
            DocComments.Raw(writer, "<remarks>Values the spec does not list are kept as they are; check <see cref=\"IsDefined\"/>.</remarks>");
            writer.WriteLine($"[global::System.Text.Json.Serialization.JsonConverter(typeof({names.ConverterOf(name)}))]");
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            // Inside its own body the struct is named simply: no member of it may take its name (CS0542, and the parser
            // renames such a member), so the simple name cannot mean anything else there.
            var contract = $"{TypeNames.Runtime}.IApiEnum<{full}>";
            using (writer.Block($"public readonly partial record struct {name} : {contract}"))
            {
                writer.WriteLine("private readonly string? _value;");
                writer.WriteLine();
                DocComments.Summary(writer, "Wraps a wire value, listed by the spec or not.", string.Empty);
                DocComments.Param(writer, "value", "The value as the API sends it.");
                writer.WriteLine($"public {name}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
                foreach (var member in spec.Members)
                {
                    writer.WriteLine();
                    DocComments.Summary(writer, $"The value \"{CSharpLiteral.Escape(member.Value)}\".", string.Empty);
                    writer.WriteLine($"public static {name} {member.Name} {{ get; }} = new({CSharpLiteral.String(member.Value)});");
                }

                writer.WriteLine();
                DocComments.Summary(writer, "The values the spec lists, in its order.", string.Empty);
                var listed = string.Join(", ", spec.Members.Select(member => member.Name));
                writer.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<{name}> Listed {{ get; }} = new {name}[] {{ {listed} }};");
                writer.WriteLine($$"""

                    /// <summary>The value on the wire (empty for default).</summary>
                    public string Value => _value ?? string.Empty;

                    /// <summary>Whether the spec lists this value.</summary>
                    public bool IsDefined => {{TypeNames.Runtime}}.ApiEnum.IsListed(this);

                    /// <summary>Converts a wire value.</summary>
                    /// <param name="value">The value.</param>
                    public static implicit operator {{name}}(string value) => new(value);

                    static {{name}} {{contract}}.Create(string value) => new(value);

                    /// <inheritdoc />
                    public override string ToString() => Value;
                    """);
            }
        }

        return writer.ToString();
    }
}
