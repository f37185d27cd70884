using System;
using System.Collections.Generic;
using System.Linq;
using ComfyCodegen.Generator.Diagnostics;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;
using Microsoft.OpenApi;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// Maps OpenAPI schemas onto <see cref="TypeRef"/>s and collects the <see cref="TypeSpec"/>s to emit. Component
/// schemas that need a type of their own (objects, enums, unions) keep their names; inline ones are named from
/// where they stand ("ListAssetsResponse", "AssetUserMetadata"); plain aliases (a component that is just a string
/// or an array) are inlined where used.
/// </summary>
internal sealed class SchemaMapper
{
    private const int MaxDepth = 64;

    private readonly ParseContext _context;
    private readonly TypeNameRegistry _names;
    private readonly Dictionary<string, string> _componentTypeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IOpenApiSchema> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeRef> _aliasCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _aliasesInProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeSpec> _types = new(StringComparer.Ordinal);
    private readonly List<string> _typeOrder = new();
    private int _depth;

    public SchemaMapper(ParseContext context, TypeNameRegistry names)
    {
        _context = context;
        _names = names;
    }

    public IEnumerable<TypeSpec> Types => _typeOrder.Select(name => _types[name]);

    /// <summary>Names every component schema that becomes a type, before any is mapped, so references resolve in any order.</summary>
    public void RegisterComponents(IDictionary<string, IOpenApiSchema>? schemas)
    {
        if (schemas is null)
        {
            return;
        }

        foreach (var pair in schemas)
        {
            if (pair.Value is null)
            {
                continue;
            }

            _components[pair.Key] = pair.Value;
            if (NeedsOwnType(pair.Value))
            {
                _componentTypeNames[pair.Key] = _names.Name(pair.Key, $"#/components/schemas/{Pointer.Escape(pair.Key)}", KindOf(pair.Value), fromSpec: true);
            }
        }

        foreach (var pair in schemas)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            if (pair.Value is null)
            {
                continue;
            }

            var pointer = $"#/components/schemas/{Pointer.Escape(pair.Key)}";
            if (_componentTypeNames.TryGetValue(pair.Key, out var typeName))
            {
                BuildNamedType(typeName, Identifiers.ToPascalCase(pair.Key), pair.Value, pointer);
            }
            else
            {
                MapComponentAlias(pair.Key, pair.Value, pointer);
            }
        }
    }

    /// <summary>The type of <paramref name="schema"/>; <paramref name="contextName"/> names it if it needs a new type.</summary>
    public TypeRef Map(IOpenApiSchema? schema, string contextName, string pointer)
    {
        if (schema is null)
        {
            return TypeRef.Primitive(TypeKind.Json);
        }

        if (++_depth > MaxDepth)
        {
            _depth--;
            _context.ReportUnsupported(pointer, "A schema nested deeper than 64 levels is typed as JsonElement");
            return TypeRef.Primitive(TypeKind.Json);
        }

        try
        {
            return MapCore(schema, contextName, pointer);
        }
        finally
        {
            _depth--;
        }
    }

    private TypeRef MapCore(IOpenApiSchema schema, string contextName, string pointer)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            return MapReference(reference, pointer);
        }

        var nullable = IsNullable(schema);

        var single = SingleComposedReference(schema);
        if (single is not null)
        {
            var target = Map(single, contextName, pointer + "/allOf/0");
            nullable = nullable || target.IsNullable || (schema.Type is null && _context.HasExplicitNullable(pointer));
            return target with { IsNullable = nullable };
        }

        if (NeedsOwnType(schema))
        {
            var name = _names.Name(contextName, pointer, KindOf(schema), fromSpec: false);
            BuildNamedType(name, Identifiers.ToPascalCase(contextName), schema, pointer);
            return Named(name, schema, nullable);
        }

        var constraints = ReadConstraints(schema, pointer);
        // "const: x" without a type is a value of the const's own type, not anything at all.
        var type = NonNullType(schema) ?? (schema.Const is not null ? _context.ConstType(pointer) : null);
        if (type == JsonSchemaType.Array)
        {
            var element = Map(schema.Items, contextName + "Item", pointer + "/items");
            return new TypeRef(TypeKind.Array, Element: element, IsNullable: nullable, Constraints: constraints.IsEmpty ? null : constraints);
        }

        if (type is JsonSchemaType.Object or null && schema.AdditionalProperties is not null && (schema.Properties is null || schema.Properties.Count == 0))
        {
            var value = Map(schema.AdditionalProperties, contextName + "Value", pointer + "/additionalProperties");
            return new TypeRef(TypeKind.Map, Element: value, IsNullable: nullable, Constraints: constraints.IsEmpty ? null : constraints);
        }

        var kind = PrimitiveKind(type, schema.Format);
        if (kind is null)
        {
            if (type is not null && type != JsonSchemaType.Object && !IsSingleType(type.Value))
            {
                _context.ReportUnsupported(pointer, $"A schema of several types ({type}) is typed as JsonElement");
            }

            kind = TypeKind.Json;
        }

        var primitive = TypeRef.Primitive(kind.Value);
        return primitive with { IsNullable = nullable, Constraints = constraints.IsEmpty ? null : constraints };
    }

    /// <summary>The type of a component named by a reference string ("#/components/schemas/X"), as extensions write them.</summary>
    public TypeRef? MapReference(string reference, string pointer)
    {
        const string Prefix = "#/components/schemas/";
        var id = reference.StartsWith(Prefix, StringComparison.Ordinal) ? reference.Substring(Prefix.Length) : null;
        if (id is null || !_components.TryGetValue(id, out var target))
        {
            _context.Report(Diagnostics.DiagnosticDescriptors.UnresolvedReference, pointer, reference, "the event is typed as JsonElement");
            return null;
        }

        return _componentTypeNames.TryGetValue(id, out var typeName)
            ? Named(typeName, target, IsNullable(target))
            : MapComponentAlias(id, target, Prefix + Pointer.Escape(id));
    }

    private TypeRef MapReference(OpenApiSchemaReference reference, string pointer)
    {
        var id = reference.Reference?.Id ?? string.Empty;
        if (_context.TargetOf(reference) is not { } target)
        {
            _context.ReportUnresolvedReference(pointer, reference.Reference?.ReferenceV3 ?? id, "typed as JsonElement");
            return TypeRef.Primitive(TypeKind.Json);
        }

        if (_componentTypeNames.TryGetValue(id, out var typeName))
        {
            return Named(typeName, target, IsNullable(target));
        }

        return MapComponentAlias(id, target, $"#/components/schemas/{Pointer.Escape(id)}");
    }

    private TypeRef MapComponentAlias(string id, IOpenApiSchema target, string pointer)
    {
        if (_aliasCache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (!_aliasesInProgress.Add(id))
        {
            _context.ReportUnsupported(pointer, $"The schema '{id}' refers to itself through plain aliases and is typed as JsonElement");
            return TypeRef.Primitive(TypeKind.Json);
        }

        var mapped = Map(target, Identifiers.ToPascalCase(id), pointer);
        _aliasesInProgress.Remove(id);
        _aliasCache[id] = mapped;
        return mapped;
    }

    private TypeRef Named(string name, IOpenApiSchema schema, bool nullable)
    {
        var isEnum = IsStringEnum(schema);
        return new TypeRef(TypeKind.Named, name, IsNullable: nullable, IsValueType: isEnum);
    }

    /// <summary>
    /// Builds the type named <paramref name="name"/>. Types inside it are named from <paramref name="basis"/>, the name
    /// it asked for, not the one it got: that way every name asked for is known before any is given.
    /// </summary>
    private void BuildNamedType(string name, string basis, IOpenApiSchema schema, string pointer)
    {
        if (_types.ContainsKey(name))
        {
            return;
        }

        // Reserve the slot first: a property that refers back to this type must not build it again.
        _typeOrder.Add(name);
        _types[name] = new ObjectSpec(name, null, false, EquatableArray<PropertySpec>.Empty, null);

        TypeSpec spec;
        if (IsStringEnum(schema))
        {
            spec = BuildEnum(name, schema, pointer);
        }
        else if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 })
        {
            spec = BuildUnion(name, basis, schema, pointer);
        }
        else if (IsUnionOfTypes(schema))
        {
            spec = BuildUnionOfTypes(name, basis, schema, pointer);
        }
        else
        {
            spec = BuildObject(name, basis, schema, pointer);
        }

        _types[name] = spec;
    }

    private EnumSpec BuildEnum(string name, IOpenApiSchema schema, string pointer)
    {
        if (_context.NamingPass)
        {
            // An enum holds no types: its values' names are the second pass's work.
            return new EnumSpec(name, null, false, EquatableArray<EnumMemberSpec>.Empty);
        }

        var scope = new NameScope(StringComparer.Ordinal);
        foreach (var reserved in ReservedMemberNames.ForEnums)
        {
            scope.Reserve(reserved, $"the enum's own member {reserved}");
        }

        scope.Reserve(name, "the name of the enum itself");
        var values = new List<(string Value, int Index, NameScope.Claim Claim)>();
        for (var i = 0; i < schema.Enum!.Count; i++)
        {
            var node = schema.Enum[i];
            if (node is null || node.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                continue;
            }

            var value = node.GetValue<string>();
            if (values.Any(v => v.Value == value))
            {
                continue;
            }

            values.Add((value, i, scope.Request(Identifiers.ToPascalCase(value), 0, value, $"the value '{value}'")));
        }

        scope.Resolve();
        foreach (var (value, index, claim) in values)
        {
            if (claim.IsRenamed)
            {
                _context.ReportRenamed($"{pointer}/enum/{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}", value, claim.Name!, claim.Clash!);
            }
        }

        return new EnumSpec(name, Text.Clean(schema.Description), schema.Deprecated, values.Select(v => new EnumMemberSpec(v.Claim.Name!, v.Value)).ToEquatableArray());
    }

    private UnionSpec BuildUnion(string name, string basis, IOpenApiSchema schema, string pointer)
    {
        var keyword = schema.OneOf is { Count: > 0 } ? "oneOf" : "anyOf";
        var alternatives = schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf!;
        // A null entry ("oneOf: [~]") is no alternative at all; indexes stay those of the spec for pointers.
        var variants = new List<UnionVariant>();
        for (var i = 0; i < alternatives.Count; i++)
        {
            var alternative = alternatives[i];
            if (alternative is null || IsNullOnly(alternative))
            {
                continue;
            }

            var at = $"{pointer}/{keyword}/{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var type = Map(alternative, basis + "Option" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), at);
            if (type.Kind == TypeKind.Named && type.Name == name)
            {
                // Through an alias ("oneOf: [$ref: Item]" with "Item: {$ref: Value}"): a union cannot convert to itself.
                _context.Report(DiagnosticDescriptors.SpecWarning, at, $"This alternative is the union '{name}' itself and adds nothing to it; it is left out");
                continue;
            }

            variants.Add(new UnionVariant(type, ShapeOf(type, alternative), at, DiscriminatorValuesFor(schema, alternative)));
        }

        return Union(name, schema, variants);
    }

    /// <summary>
    /// "type: [string, integer]" (3.1), or "oneOf: [{type: string}, {type: integer}]", which the reader folds into the
    /// same thing: a union with a variant per type, each checked against the constraints that apply to it.
    /// </summary>
    private UnionSpec BuildUnionOfTypes(string name, string basis, IOpenApiSchema schema, string pointer)
    {
        var constraints = ReadConstraints(schema, pointer);
        var variants = new List<UnionVariant>();
        foreach (var type in UnionTypes(NonNullType(schema)!.Value))
        {
            var at = pointer + "/type";
            TypeRef variant;
            if (type == JsonSchemaType.Array)
            {
                var element = Map(schema.Items, basis + "Item", pointer + "/items");
                variant = new TypeRef(TypeKind.Array, Element: element, Constraints: Only(constraints with { Minimum = null, Maximum = null, ExclusiveMinimum = false, ExclusiveMaximum = false, MinLength = null, MaxLength = null, Pattern = null }));
            }
            else
            {
                var kind = PrimitiveKind(type, schema.Format)!.Value;
                variant = TypeRef.Primitive(kind) with
                {
                    Constraints = type == JsonSchemaType.String
                        ? Only(constraints with { Minimum = null, Maximum = null, ExclusiveMinimum = false, ExclusiveMaximum = false, MinItems = null, MaxItems = null })
                        : type == JsonSchemaType.Boolean ? null
                        : Only(constraints with { MinLength = null, MaxLength = null, Pattern = null, MinItems = null, MaxItems = null }),
                };
            }

            variants.Add(new UnionVariant(variant, ShapeOf(variant, null), at, EquatableArray<string>.Empty));
        }

        return Union(name, schema, variants);
    }

    private static Constraints? Only(Constraints constraints) => constraints.IsEmpty ? null : constraints;

    /// <summary>
    /// The types of a union of types, in a fixed order. "integer" beside "number" adds nothing (every integer is a
    /// number) and two numeric variants could not be told apart on the wire.
    /// </summary>
    private static IEnumerable<JsonSchemaType> UnionTypes(JsonSchemaType type)
    {
        foreach (var single in new[] { JsonSchemaType.Boolean, JsonSchemaType.Integer, JsonSchemaType.Number, JsonSchemaType.String, JsonSchemaType.Array })
        {
            if ((type & single) == single && !(single == JsonSchemaType.Integer && (type & JsonSchemaType.Number) != 0))
            {
                yield return single;
            }
        }
    }

    /// <summary>A schema of several types, none of them an object: it becomes a union, where an object would need its own members.</summary>
    private static bool IsUnionOfTypes(IOpenApiSchema schema) =>
        schema is not OpenApiSchemaReference
        && schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 } && schema.AllOf is not { Count: > 0 }
        && schema.Properties is not { Count: > 0 }
        && NonNullType(schema) is { } type
        && !IsSingleType(type)
        && (type & JsonSchemaType.Object) == 0
        && UnionTypes(type).Count() > 1;

    private readonly record struct UnionVariant(TypeRef Type, JsonShape Shape, string Pointer, EquatableArray<string> DiscriminatorValues);

    /// <summary>Names the variants of a union (IsV, AsV, FromV) in one scope, beside the union's own members.</summary>
    private UnionSpec Union(string name, IOpenApiSchema schema, List<UnionVariant> variants)
    {
        if (_context.NamingPass)
        {
            // The variants' types are mapped (and named) already; naming the variants is the second pass's work.
            return new UnionSpec(name, null, false, EquatableArray<UnionVariantSpec>.Empty, null, "Index", "Value");
        }

        var scope = new NameScope(StringComparer.Ordinal);
        foreach (var reserved in new[] { "Value", "Kind", "Equals", "GetHashCode", "ToString", name })
        {
            scope.Reserve(reserved, reserved == name ? "the name of the union itself" : $"the union's own member {reserved}");
        }

        // A variant V brings IsV, AsV and FromV; none may be named like the union (CS0542).
        string? Refuses(string variant) => "Is" + variant == name || "As" + variant == name || "From" + variant == name
            ? $"a member named like the union ('{name}')"
            : null;

        var claims = variants
            .Select((variant, i) => scope.Request(VariantName(variant.Type), 0, i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), $"the variant {VariantName(variant.Type)}", refuses: Refuses))
            .ToList();
        scope.Resolve();

        var specs = new List<UnionVariantSpec>();
        for (var i = 0; i < variants.Count; i++)
        {
            var claim = claims[i];
            if (claim.IsRenamed)
            {
                _context.ReportRenamed(variants[i].Pointer, claim.Preferred, claim.Name!, claim.Clash!);
            }

            specs.Add(new UnionVariantSpec(claim.Name!, variants[i].Type, variants[i].Shape, variants[i].DiscriminatorValues));
        }

        // "Index" and "Value" are the union's own members, unless the union itself has one of those names (CS0542).
        return new UnionSpec(
            name,
            Text.Clean(schema.Description),
            schema.Deprecated,
            specs.ToEquatableArray(),
            schema.Discriminator?.PropertyName,
            name == "Index" ? "VariantIndex" : "Index",
            name == "Value" ? "VariantValue" : "Value");
    }

    private static EquatableArray<string> DiscriminatorValuesFor(IOpenApiSchema union, IOpenApiSchema alternative)
    {
        if (union.Discriminator is null || alternative is not OpenApiSchemaReference reference)
        {
            return EquatableArray<string>.Empty;
        }

        var id = reference.Reference?.Id;
        var values = new List<string>();
        if (union.Discriminator.Mapping is { Count: > 0 } mapping)
        {
            values.AddRange(mapping.Where(pair => pair.Value?.Reference?.Id == id).Select(pair => pair.Key));
        }

        if (values.Count == 0 && id is not null)
        {
            values.Add(id);
        }

        return values.ToEquatableArray();
    }

    private ObjectSpec BuildObject(string name, string basis, IOpenApiSchema schema, string pointer)
    {
        var properties = new List<(string JsonName, IOpenApiSchema Schema, string Pointer)>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        CollectProperties(schema, pointer, properties, required, new HashSet<IOpenApiSchema>());
        if (_context.NamingPass)
        {
            // Only the types inside are named in this pass, as the second pass maps them (from the name asked for).
            foreach (var (jsonName, propertySchema, propertyPointer) in properties)
            {
                Map(propertySchema, basis + Identifiers.ToPascalCase(jsonName), propertyPointer);
            }

            if (schema.AdditionalProperties is not null && properties.Count > 0)
            {
                Map(schema.AdditionalProperties, basis + "Value", pointer + "/additionalProperties");
            }

            return new ObjectSpec(name, null, false, EquatableArray<PropertySpec>.Empty, null);
        }

        var scope = new NameScope(StringComparer.Ordinal, ReservedMemberNames.ForRecords.Length + properties.Count + 1);
        foreach (var reserved in ReservedMemberNames.ForRecords)
        {
            scope.Reserve(reserved, "the record's own member " + reserved);
        }

        scope.Reserve(name, "the name of the type itself");
        var claims = new List<NameScope.Claim>();
        foreach (var (jsonName, _, _) in properties)
        {
            // A member named like its type (CS0542) takes a "Value" suffix rather than a number: "Thing.ThingValue".
            var preferred = Identifiers.ToPascalCase(jsonName);
            claims.Add(scope.Request(preferred == name ? preferred + "Value" : preferred, 0, jsonName, $"the property '{jsonName}'"));
        }

        scope.Resolve();
        var specs = new List<PropertySpec>();
        for (var i = 0; i < properties.Count; i++)
        {
            var (jsonName, propertySchema, propertyPointer) = properties[i];
            var claim = claims[i];
            var likeType = Identifiers.ToPascalCase(jsonName) == name;
            if (likeType || claim.IsRenamed)
            {
                _context.ReportRenamed(propertyPointer, jsonName, claim.Name!, likeType ? "a member named like its type" : claim.Clash!);
            }

            var preferred = claim.Name!;
            var type = Map(propertySchema, basis + Identifiers.ToPascalCase(jsonName), propertyPointer);
            // A property whose value is no schema at all (the reader has warned) is typed as JsonElement.
            var description = Text.Clean(propertySchema?.Description ?? (propertySchema is OpenApiSchemaReference reference ? _context.TargetOf(reference)?.Description : null));
            specs.Add(new PropertySpec(
                jsonName,
                preferred,
                type,
                required.Contains(jsonName),
                description,
                propertySchema?.Deprecated ?? false,
                propertySchema?.ReadOnly ?? false,
                propertySchema?.WriteOnly ?? false));
        }

        TypeRef? additional = null;
        if (schema.AdditionalProperties is not null && specs.Count > 0)
        {
            additional = Map(schema.AdditionalProperties, basis + "Value", pointer + "/additionalProperties");
        }
        else if (specs.Count > 0 && schema.AdditionalPropertiesAllowed && _context.HasExplicitAdditionalProperties(pointer))
        {
            // "additionalProperties: true" beside named properties: keep the other members as JSON.
            additional = TypeRef.Primitive(TypeKind.Json);
        }

        return new ObjectSpec(name, Text.Clean(schema.Description), schema.Deprecated, specs.ToEquatableArray(), additional, schema.MinProperties, schema.MaxProperties);
    }

    /// <summary>Flattens allOf: the parts' properties and required lists, then the schema's own.</summary>
    private void CollectProperties(
        IOpenApiSchema schema,
        string pointer,
        List<(string JsonName, IOpenApiSchema Schema, string Pointer)> properties,
        HashSet<string> required,
        HashSet<IOpenApiSchema> visited)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            if (_context.TargetOf(reference) is not { } target)
            {
                _context.ReportUnresolvedReference(pointer, reference.Reference?.ReferenceV3 ?? string.Empty, "its members are left out of the merged type");
                return;
            }

            pointer = $"#/components/schemas/{Pointer.Escape(reference.Reference!.Id!)}";
            schema = target;
        }

        if (!visited.Add(schema))
        {
            return;
        }

        if (schema.AllOf is { Count: > 0 } parts)
        {
            for (var i = 0; i < parts.Count; i++)
            {
                if (parts[i] is not null)
                {
                    CollectProperties(parts[i], $"{pointer}/allOf/{i}", properties, required, visited);
                }
            }
        }

        if (schema.Properties is not null)
        {
            foreach (var pair in schema.Properties)
            {
                if (pair.Key is null)
                {
                    continue;
                }

                var propertyPointer = $"{pointer}/properties/{Pointer.Escape(pair.Key)}";
                var existing = properties.FindIndex(p => p.JsonName == pair.Key);
                if (existing >= 0)
                {
                    properties[existing] = (pair.Key, pair.Value, propertyPointer);
                }
                else
                {
                    properties.Add((pair.Key, pair.Value, propertyPointer));
                }
            }
        }

        if (schema.Required is not null)
        {
            required.UnionWith(schema.Required.Where(name => name is not null));
        }
    }

    private static string VariantName(TypeRef type) => type.Kind switch
    {
        TypeKind.Named => type.Name!,
        TypeKind.Array => VariantName(type.Element!) + "List",
        TypeKind.Map => VariantName(type.Element!) + "Map",
        TypeKind.Json => "Json",
        TypeKind.Base64Bytes => "Bytes",
        _ => type.Kind.ToString(),
    };

    /// <summary>
    /// The JSON token a variant reads from. A named type is an object unless its schema says otherwise: a string enum
    /// reads from a string, a union (or anything we cannot tell) from any token.
    /// </summary>
    private JsonShape ShapeOf(TypeRef type, IOpenApiSchema? schema) => type.Kind switch
    {
        TypeKind.Named => ShapeOfNamed(schema),
        _ => ShapeOf(type),
    };

    private JsonShape ShapeOfNamed(IOpenApiSchema? schema)
    {
        // Through references and the single-alternative wrappers that make a reference nullable.
        for (var hops = 0; schema is not null && hops < MaxDepth; hops++)
        {
            if (schema is OpenApiSchemaReference reference)
            {
                schema = _context.TargetOf(reference);
                continue;
            }

            if (SingleComposedReference(schema) is { } single)
            {
                schema = single;
                continue;
            }

            return IsStringEnum(schema) ? JsonShape.String
                : schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || IsUnionOfTypes(schema) ? JsonShape.Any
                : JsonShape.Object;
        }

        return JsonShape.Any;
    }

    private static JsonShape ShapeOf(TypeRef type) => type.Kind switch
    {
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double => JsonShape.Number,
        TypeKind.Boolean => JsonShape.Boolean,
        TypeKind.Array => JsonShape.Array,
        TypeKind.Map => JsonShape.Object,
        TypeKind.Json => JsonShape.Any,
        TypeKind.Named => JsonShape.Object,
        _ => JsonShape.String,
    };

    private static TypeNameKind KindOf(IOpenApiSchema schema) =>
        IsStringEnum(schema) ? TypeNameKind.Enum
        : schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || IsUnionOfTypes(schema) ? TypeNameKind.Union
        : TypeNameKind.Object;

    /// <summary>Objects with properties, string enums, unions (oneOf, anyOf, several types) and allOf compositions get a generated type.</summary>
    private static bool NeedsOwnType(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference)
        {
            return false;
        }

        if (SingleComposedReference(schema) is not null)
        {
            return false;
        }

        if (IsStringEnum(schema))
        {
            return true;
        }

        if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 })
        {
            // A single non-null alternative was handled above as a plain (nullable) reference.
            return true;
        }

        if (schema.AllOf is { Count: > 0 } || IsUnionOfTypes(schema))
        {
            return true;
        }

        var type = NonNullType(schema);
        return type is JsonSchemaType.Object or null && schema.Properties is { Count: > 0 };
    }

    /// <summary>allOf/oneOf/anyOf with a single non-null schema and nothing else: the usual way to make a $ref nullable.</summary>
    private static IOpenApiSchema? SingleComposedReference(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference || schema.Properties is { Count: > 0 })
        {
            return null;
        }

        foreach (var list in new[] { schema.AllOf, schema.OneOf, schema.AnyOf })
        {
            if (list is { Count: > 0 })
            {
                var nonNull = list.Where(s => s is not null && !IsNullOnly(s)).ToList();
                var others = (schema.AllOf?.Count ?? 0) + (schema.OneOf?.Count ?? 0) + (schema.AnyOf?.Count ?? 0) - list.Count;
                return nonNull.Count == 1 && others == 0 ? nonNull[0] : null;
            }
        }

        return null;
    }

    private static bool IsStringEnum(IOpenApiSchema schema) =>
        schema is not OpenApiSchemaReference
        && schema.Enum is { Count: > 0 }
        && NonNullType(schema) is JsonSchemaType.String or null
        && schema.Enum.Any(node => node is not null && node.GetValueKind() == System.Text.Json.JsonValueKind.String);

    private static bool IsNullOnly(IOpenApiSchema schema) => schema is not OpenApiSchemaReference && schema.Type == JsonSchemaType.Null;

    private static bool IsNullable(IOpenApiSchema schema) =>
        schema.Type is { } type && (type & JsonSchemaType.Null) == JsonSchemaType.Null
        || (schema.OneOf ?? schema.AnyOf)?.Any(s => s is not null && IsNullOnly(s)) == true;

    private static JsonSchemaType? NonNullType(IOpenApiSchema schema)
    {
        if (schema.Type is not { } type)
        {
            return null;
        }

        var withoutNull = type & ~JsonSchemaType.Null;
        return withoutNull == 0 ? null : withoutNull;
    }

    private static bool IsSingleType(JsonSchemaType type) => type != 0 && (type & (type - 1)) == 0;

    private static TypeKind? PrimitiveKind(JsonSchemaType? type, string? format) => type switch
    {
        JsonSchemaType.String => format switch
        {
            "date-time" => TypeKind.DateTimeOffset,
            "date" => TypeKind.DateOnly,
            "uuid" => TypeKind.Guid,
            "uri" => TypeKind.Uri,
            "byte" => TypeKind.Base64Bytes,
            "binary" => TypeKind.Binary,
            _ => TypeKind.String,
        },
        JsonSchemaType.Integer => format == "int64" ? TypeKind.Int64 : TypeKind.Int32,
        JsonSchemaType.Number => format switch
        {
            "float" => TypeKind.Single,
            "int32" => TypeKind.Int32,
            "int64" => TypeKind.Int64,
            _ => TypeKind.Double,
        },
        JsonSchemaType.Boolean => TypeKind.Boolean,
        _ => null,
    };

    private Constraints ReadConstraints(IOpenApiSchema schema, string pointer)
    {
        var pattern = schema.Pattern;
        if (pattern is not null && !IsValidPattern(pattern))
        {
            _context.ReportUnsupported(pointer + "/pattern", $"The pattern '{pattern}' is not a regular expression .NET can compile, so values are not checked against it");
            pattern = null;
        }

        var exclusiveMinimum = schema.ExclusiveMinimum is not null;
        var exclusiveMaximum = schema.ExclusiveMaximum is not null;
        return new Constraints(
            Minimum: schema.ExclusiveMinimum ?? schema.Minimum,
            Maximum: schema.ExclusiveMaximum ?? schema.Maximum,
            ExclusiveMinimum: exclusiveMinimum,
            ExclusiveMaximum: exclusiveMaximum,
            MinLength: schema.MinLength,
            MaxLength: schema.MaxLength,
            Pattern: pattern,
            MinItems: schema.MinItems,
            MaxItems: schema.MaxItems);
    }

    /// <summary>Whether .NET compiles the pattern; an invalid one would otherwise fail at run time, in the caller's code.</summary>
    private static bool IsValidPattern(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, System.TimeSpan.FromSeconds(1));
            return true;
        }
        catch (System.ArgumentException)
        {
            return false;
        }
    }
}
