using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Model;

/// <summary>A type the generator emits: an object record, a string enum or a union.</summary>
internal abstract record TypeSpec(string Name, string? Description, bool Deprecated);

/// <summary>
/// An object schema (allOf parts already merged in). <see cref="AdditionalProperties"/> is the value type of members
/// the spec does not name, when the schema declares additionalProperties with a schema or true.
/// <see cref="MinProperties"/> and <see cref="MaxProperties"/> count the members that are set.
/// </summary>
internal sealed record ObjectSpec(
    string Name,
    string? Description,
    bool Deprecated,
    EquatableArray<PropertySpec> Properties,
    TypeRef? AdditionalProperties,
    int? MinProperties = null,
    int? MaxProperties = null)
    : TypeSpec(Name, Description, Deprecated);

internal sealed record PropertySpec(
    string JsonName,
    string Name,
    TypeRef Type,
    bool Required,
    string? Description,
    bool Deprecated,
    bool ReadOnly,
    bool WriteOnly);

/// <summary>A string enum; emitted as a struct that keeps values the spec does not list.</summary>
internal sealed record EnumSpec(
    string Name,
    string? Description,
    bool Deprecated,
    EquatableArray<EnumMemberSpec> Members)
    : TypeSpec(Name, Description, Deprecated);

internal sealed record EnumMemberSpec(string Name, string Value);

/// <summary>
/// oneOf/anyOf: a value that is exactly one of <see cref="Variants"/>. With a discriminator the variant is chosen
/// by that property; without one, by the JSON token and, among objects, by the first variant that reads cleanly.
/// <see cref="IndexMember"/> and <see cref="ValueMember"/> name the members holding which variant is set and its value.
/// </summary>
internal sealed record UnionSpec(
    string Name,
    string? Description,
    bool Deprecated,
    EquatableArray<UnionVariantSpec> Variants,
    string? DiscriminatorProperty,
    string IndexMember,
    string ValueMember)
    : TypeSpec(Name, Description, Deprecated);

/// <summary>One alternative of a union; <see cref="DiscriminatorValues"/> are the discriminator values mapping to it.</summary>
internal sealed record UnionVariantSpec(string Name, TypeRef Type, JsonShape Shape, EquatableArray<string> DiscriminatorValues);

/// <summary>The JSON token kinds a variant may start with; used to pick a variant without a discriminator.</summary>
internal enum JsonShape
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Any,
}
