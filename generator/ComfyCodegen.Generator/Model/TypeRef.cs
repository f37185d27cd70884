namespace ComfyCodegen.Generator.Model;

internal enum TypeKind
{
    String,
    Int32,
    Int64,
    Single,
    Double,
    Boolean,
    DateTimeOffset,
    DateOnly,
    TimeSpan,
    Guid,
    Uri,
    Base64Bytes,
    Binary,
    Json,
    Named,
    Array,
    Map,
}

/// <summary>
/// A reference to a C# type from a spec schema. <see cref="Name"/> is the generated type's name for
/// <see cref="TypeKind.Named"/>; <see cref="Element"/> is the item or value type of arrays and maps.
/// <see cref="IsNullable"/> is the schema's own nullability (nullable: true, or "null" in a 3.1 type array);
/// whether a property may be absent is a separate fact (required) kept on the property.
/// </summary>
internal sealed record TypeRef(
    TypeKind Kind,
    string? Name = null,
    TypeRef? Element = null,
    bool IsNullable = false,
    bool IsValueType = false,
    Constraints? Constraints = null)
{
    public static TypeRef Primitive(TypeKind kind) => new(kind, IsValueType: IsValueKind(kind));

    public TypeRef WithNullable(bool nullable) => this with { IsNullable = nullable };

    private static bool IsValueKind(TypeKind kind) => kind switch
    {
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Boolean
            or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.TimeSpan or TypeKind.Guid or TypeKind.Json => true,
        _ => false,
    };
}

/// <summary>Validation constraints of a schema, kept as the spec wrote them (numbers as invariant strings).</summary>
internal sealed record Constraints(
    string? Minimum = null,
    string? Maximum = null,
    bool ExclusiveMinimum = false,
    bool ExclusiveMaximum = false,
    int? MinLength = null,
    int? MaxLength = null,
    string? Pattern = null,
    int? MinItems = null,
    int? MaxItems = null)
{
    public bool IsEmpty => this == Empty;

    public static Constraints Empty { get; } = new();
}
