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
    public const string GeneratedCodeAttribute = "[GeneratedCode(\"ComfyCodegen\", \"" + ThisAssembly.Version + "\")]";

    /// <summary>Opens <c>namespace {Namespace}.Serialization</c> with its aliases; dispose to close it.</summary>
    public static Block Open(SourceWriter writer, EmitContext context)
    {
        var block = writer.Block($"namespace {context.Names.SerializationNamespace}");
        writer.WriteLine($"using {Json} = global::System.Text.Json;");
        writer.WriteLine($"using {Metadata} = {TypeNames.FullMetadata};");
        writer.WriteLine($"using {Reading} = {TypeNames.Runtime}.Json.JsonReading;");
        writer.WriteLine($"using {Primitives} = {TypeNames.Runtime}.Json.JsonPrimitives;");
        writer.WriteLine($"using {RuntimeJson} = {TypeNames.Runtime}.Json;");
        writer.WriteLine("using GeneratedCode = global::System.CodeDom.Compiler.GeneratedCodeAttribute;");
        writer.WriteLine();
        return block;
    }
}
