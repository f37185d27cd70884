using System.Text;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// How a <see cref="TypeRef"/> is written in C#: its type name and the expression of its JSON converter. Every
/// name is fully qualified with global:: so a schema named System, Task or String cannot shadow anything.
/// </summary>
internal sealed class TypeNames
{
    public const string Runtime = "global::ComfyCodegen.Runtime";
    public const string Metadata = "global::System.Text.Json.Serialization.Metadata.JsonMetadataServices";

    private readonly string _namespace;
    private readonly string _convertersClass;

    public TypeNames(ClientSpec spec)
    {
        _namespace = spec.Namespace;
        _convertersClass = $"global::{spec.Namespace}.Serialization.{spec.ClientName}JsonConverters";
    }

    public string SerializationNamespace => _namespace + ".Serialization";

    /// <summary>The C# type, without the nullable annotation.</summary>
    public string Of(TypeRef type) => type.Kind switch
    {
        TypeKind.String => "string",
        TypeKind.Int32 => "int",
        TypeKind.Int64 => "long",
        TypeKind.Single => "float",
        TypeKind.Double => "double",
        TypeKind.Boolean => "bool",
        TypeKind.DateTimeOffset => "global::System.DateTimeOffset",
        TypeKind.DateOnly => "global::System.DateOnly",
        TypeKind.TimeSpan => "global::System.TimeSpan",
        TypeKind.Guid => "global::System.Guid",
        TypeKind.Uri => "global::System.Uri",
        TypeKind.Base64Bytes => "byte[]",
        TypeKind.Binary => Runtime + ".ApiFile",
        TypeKind.Json => "global::System.Text.Json.JsonElement",
        TypeKind.Named => $"global::{_namespace}.{type.Name}",
        TypeKind.Array => $"global::System.Collections.Generic.IReadOnlyList<{OfElement(type.Element!)}>",
        TypeKind.Map => $"global::System.Collections.Generic.IReadOnlyDictionary<string, {OfElement(type.Element!)}>",
        _ => "object",
    };

    /// <summary>The C# type with '?' when <paramref name="nullable"/>.</summary>
    public string Of(TypeRef type, bool nullable) => nullable ? Of(type) + "?" : Of(type);

    /// <summary>An array item or map value type: nullable when the item schema is.</summary>
    public string OfElement(TypeRef element) => Of(element, element.IsNullable);

    /// <summary>The converter for a generated type.</summary>
    public string ConverterOf(string typeName) => $"global::{_namespace}.Serialization.{typeName}JsonConverter";

    /// <summary>An expression that evaluates to the JsonConverter of <paramref name="type"/>'s non-nullable form.</summary>
    public string ConverterExpression(TypeRef type) => type.Kind switch
    {
        TypeKind.String => Runtime + ".Json.JsonPrimitives.String",
        TypeKind.Int32 => Metadata + ".Int32Converter",
        TypeKind.Int64 => Metadata + ".Int64Converter",
        TypeKind.Single => Metadata + ".SingleConverter",
        TypeKind.Double => Metadata + ".DoubleConverter",
        TypeKind.Boolean => Metadata + ".BooleanConverter",
        TypeKind.DateTimeOffset => Metadata + ".DateTimeOffsetConverter",
        TypeKind.DateOnly => Metadata + ".DateOnlyConverter",
        TypeKind.TimeSpan => Metadata + ".TimeSpanConverter",
        TypeKind.Guid => Metadata + ".GuidConverter",
        TypeKind.Uri => Runtime + ".Json.JsonPrimitives.Uri",
        TypeKind.Base64Bytes => Runtime + ".Json.JsonPrimitives.Bytes",
        TypeKind.Binary => Runtime + ".Json.ApiFileJsonConverter.Instance",
        TypeKind.Json => Metadata + ".JsonElementConverter",
        TypeKind.Named => ConverterOf(type.Name!) + ".Instance",
        _ => _convertersClass + "." + CompositeKey(type),
    };

    /// <summary>A stable member name for a list or map converter: "ListOfString", "MapOfListOfTag".</summary>
    public static string CompositeKey(TypeRef type)
    {
        var builder = new StringBuilder();
        Append(builder, type);
        return builder.ToString();
    }

    /// <summary>The expression constructing the converter of a list or map type.</summary>
    public string CompositeConstruction(TypeRef type) => type.Kind switch
    {
        TypeKind.Array => $"new {Runtime}.Json.ListJsonConverter<{OfElement(type.Element!)}>({ElementConverter(type.Element!)}, itemNullable: {Bool(type.Element!.IsNullable)})",
        _ => $"new {Runtime}.Json.DictionaryJsonConverter<{OfElement(type.Element!)}>({ElementConverter(type.Element!)}, valueNullable: {Bool(type.Element!.IsNullable)})",
    };

    /// <summary>Whether a value of this type is a C# value type (and so needs Nullable&lt;T&gt; for null).</summary>
    public static bool IsValueType(TypeRef type) => type.IsValueType;

    private string ElementConverter(TypeRef element)
    {
        // A nullable element's converter is the T converter wrapped: Nullable<T> for value types, and for reference
        // types a JsonConverter<T?> (a JsonConverter<T> is not one to the nullable analysis: the class is invariant).
        var converter = ConverterExpression(element);
        if (!element.IsNullable)
        {
            return converter;
        }

        return element.IsValueType
            ? $"new {Runtime}.Json.NullableJsonConverter<{Of(element)}>({converter})"
            : $"new {Runtime}.Json.NullableReferenceJsonConverter<{Of(element)}>({converter})";
    }

    private static void Append(StringBuilder builder, TypeRef type)
    {
        switch (type.Kind)
        {
            case TypeKind.Array:
                builder.Append("ListOf");
                AppendElement(builder, type.Element!);
                break;
            case TypeKind.Map:
                builder.Append("MapOf");
                AppendElement(builder, type.Element!);
                break;
            case TypeKind.Named:
                builder.Append(type.Name);
                break;
            default:
                builder.Append(type.Kind);
                break;
        }
    }

    private static void AppendElement(StringBuilder builder, TypeRef element)
    {
        if (element.IsNullable)
        {
            builder.Append("Nullable");
        }

        Append(builder, element);
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
