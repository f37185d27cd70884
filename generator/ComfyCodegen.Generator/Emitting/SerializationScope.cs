using System;
using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// The {Namespace}.Serialization namespace, where the converters live, and the short names code there uses instead
/// of global:: paths (the converters are half of what a spec generates, and a compiler parses every byte).
/// </summary>
/// <remarks>
/// Why a spec cannot shadow these names: C# looks a simple name up in the innermost namespace first, then in the using
/// aliases of that namespace's declaration, and only then in the enclosing namespace. The innermost namespace here holds
/// only our own classes, named {Type}JsonConverter, {Client}JsonConverters, {Client}JsonTypeInfoResolver and
/// {Client}Patterns, never one of these; the schemas' types live in the enclosing namespace, which the aliases come
/// before. The converter classes declare no member of these names either.
/// </remarks>
internal static class SerializationScope
{
    public const string Json = "Json";
    public const string Metadata = "Metadata";
    public const string Reading = "Reading";
    public const string Primitives = "Primitives";
    public const string RuntimeJson = "RuntimeJson";
    public const string System = "Sys";
    public const string GeneratedCodeAttribute = "[" + System + ".CodeDom.Compiler.GeneratedCode(\"ComfyCodegen\", \"" + ThisAssembly.Version + "\")]";

    /// <summary>Each alias and what it stands for.</summary>
    private static readonly (string Alias, string Target)[] Aliases =
    {
        (Json, TypeNames.FullJson),
        (Metadata, TypeNames.FullMetadata),
        (Reading, TypeNames.FullReading),
        (Primitives, TypeNames.FullPrimitives),
        (RuntimeJson, TypeNames.FullRuntimeJson),
        (System, TypeNames.FullSystem),
    };

    /// <summary>How every class the generator declares in a Serialization namespace ends its name.</summary>
    public static readonly string[] ClassSuffixes = { "JsonConverter", "JsonConverters", "JsonTypeInfoResolver", "Patterns" };

    /// <summary>
    /// Whether a simple name written in a Serialization namespace would find one of ours instead of the schema type
    /// of that name in the enclosing namespace: an alias, or a class of some spec's Serialization namespace.
    /// </summary>
    public static bool Takes(string name)
    {
        foreach (var (alias, _) in Aliases)
        {
            if (name == alias)
            {
                return true;
            }
        }

        foreach (var suffix in ClassSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A whole file in <c>namespace {Namespace}.Serialization</c>: the header, the namespace, then the aliases the code
    /// <paramref name="write"/> writes uses, and that code.
    /// </summary>
    public static string File(EmitContext context, Action<SourceWriter> write)
    {
        // The code first, in a writer of its own, so the aliases can go above it without moving it; the file is then
        // the short head and the code, joined once.
        var body = new SourceWriter();
        write(body);
        var code = body.ToString();

        var head = new SourceWriter(512);
        head.WriteLine(EmitContext.Header);
        head.WriteLine();
        using (head.Namespace(context.Names.SerializationNamespace))
        {
            // Only the aliases the code uses: each is a line in every file. The check is on our own text, so a name it
            // finds in a comment or a string only adds an alias nobody uses, which is harmless; one the code uses is
            // never missed.
            foreach (var (alias, target) in Aliases)
            {
                if (code.Contains(alias + "."))
                {
                    head.WriteLine($"using {alias} = {target};");
                }
            }

            head.WriteLine();
        }

        return string.Concat(head.ToString(), code);
    }
}
