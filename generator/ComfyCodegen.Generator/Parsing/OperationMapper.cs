using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComfyCodegen.Generator.Diagnostics;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>Maps paths and operations onto <see cref="OperationSpec"/>s: names, parameters, bodies, responses, security.</summary>
internal sealed class OperationMapper
{
    private readonly ParseContext _context;
    private readonly SchemaMapper _schemas;
    private readonly TypeNameRegistry _typeNames;
    private readonly OperationNames _names;

    public OperationMapper(ParseContext context, SchemaMapper schemas, TypeNameRegistry typeNames, OperationNames names)
    {
        _context = context;
        _schemas = schemas;
        _typeNames = typeNames;
        _names = names;
    }

    public List<OperationSpec> MapAll(IReadOnlyList<OperationSite> sites, IList<OpenApiSecurityRequirement>? globalSecurity)
    {
        var operations = new List<OperationSpec>();
        foreach (var site in sites)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            operations.Add(MapOperation(site, globalSecurity));
        }

        return operations;
    }

    private OperationSpec MapOperation(OperationSite site, IList<OpenApiSecurityRequirement>? globalSecurity)
    {
        var (path, method, operation, pointer) = (site.Path, site.Method, site.Operation, site.Pointer);
        var typePrefix = _names.Stem(site);
        var methodName = typePrefix + "Async";

        var parameters = MapParameters(site.PathItem, operation, pointer, typePrefix);
        var bodies = MapRequestBodies(operation, pointer, typePrefix, methodName);
        var responses = MapResponses(operation, pointer, typePrefix);
        var security = (operation.Security ?? globalSecurity ?? Array.Empty<OpenApiSecurityRequirement>())
            .SelectMany(requirement => requirement.Keys)
            .Select(scheme => (scheme as OpenApiSecuritySchemeReference)?.Reference?.Id)
            .Where(id => id is not null)
            .Select(id => id!)
            .Distinct()
            .ToEquatableArray();

        var spec = new OperationSpec(
            operation.OperationId ?? typePrefix,
            methodName,
            method,
            path,
            Text.Clean(operation.Summary),
            Text.Clean(operation.Description),
            operation.Deprecated,
            parameters.ToEquatableArray(),
            bodies.ToEquatableArray(),
            operation.RequestBody?.Required ?? false,
            responses.ToEquatableArray(),
            security,
            EquatableArray<EventSpec>.Empty,
            _names.Group(site));

        // The operation's own types are named after its stem, in the one scope of type names.
        var shape = Emitting.ResponsePlan.For(spec).Shape;
        var resultType = shape == Emitting.ResponseShape.Multi
            ? _typeNames.Name(typePrefix + "Result", pointer + "/responses", TypeNameKind.Result, fromSpec: false)
            : null;
        var eventType = shape == Emitting.ResponseShape.EventStream
            ? _typeNames.Name(typePrefix + "Event", pointer + "/responses", TypeNameKind.Event, fromSpec: false)
            : null;
        var events = MapEvents(operation, pointer, eventType);
        return spec with { ResultTypeName = resultType, EventTypeName = eventType, Events = events.ToEquatableArray() };
    }

    /// <summary>
    /// The x-sse-events extension: { eventName: { schema: "#/components/schemas/X", description } }. Its schema
    /// is a plain string, not a $ref the reader resolves, so it is resolved here.
    /// </summary>
    private List<EventSpec> MapEvents(OpenApiOperation operation, string pointer, string? eventType)
    {
        var events = new List<EventSpec>();
        if (operation.Extensions is null
            || !operation.Extensions.TryGetValue("x-sse-events", out var extension)
            || extension is not JsonNodeExtension { Node: JsonObject catalog })
        {
            return events;
        }

        var members = new NameScope(StringComparer.Ordinal);
        foreach (var reserved in ReservedMemberNames.ForEvents)
        {
            members.Reserve(reserved, $"the event's own member {reserved}");
        }

        var pending = new List<(string Name, string Pointer, TypeRef? Type, string? Description, bool LikeType, NameScope.Claim Claim)>();
        foreach (var pair in catalog)
        {
            var eventPointer = $"{pointer}/x-sse-events/{Pointer.Escape(pair.Key)}";
            var description = (pair.Value as JsonObject)?["description"] is JsonValue text && text.TryGetValue<string>(out var value) ? value : null;
            TypeRef? type = null;
            if ((pair.Value as JsonObject)?["schema"] is JsonValue schema && schema.TryGetValue<string>(out var reference))
            {
                type = _schemas.MapReference(reference, eventPointer + "/schema");
            }

            // A member named like its type (CS0542) takes a "Value" suffix, as properties do.
            var preferred = Identifiers.ToPascalCase(pair.Key);
            var likeType = preferred == eventType;
            var claim = members.Request(likeType ? preferred + "Value" : preferred, 0, pair.Key, $"the event '{pair.Key}'");
            pending.Add((pair.Key, eventPointer, type, description, likeType, claim));
        }

        members.Resolve();
        foreach (var (name, eventPointer, type, description, likeType, claim) in pending)
        {
            if (likeType || claim.IsRenamed)
            {
                _context.ReportRenamed(eventPointer, name, claim.Name!, likeType ? "a member named like its type" : claim.Clash!);
            }

            events.Add(new EventSpec(name, claim.Name!, type, Text.Clean(description)));
        }

        return events;
    }

    private List<ParameterSpec> MapParameters(IOpenApiPathItem pathItem, OpenApiOperation operation, string pointer, string typePrefix)
    {
        // Operation parameters override path-level ones with the same name and location.
        var merged = new List<(IOpenApiParameter Parameter, string Pointer)>();
        var pathPointer = pointer.Substring(0, pointer.LastIndexOf('/'));
        AddParameters(merged, pathItem.Parameters, pathPointer + "/parameters");
        AddParameters(merged, operation.Parameters, pointer + "/parameters");

        var result = new List<ParameterSpec>();
        var pointers = new List<string?>();
        AddUndeclaredPathParameters(merged, pointer, result, pointers);
        foreach (var (parameter, parameterPointer) in merged)
        {
            if (parameter is OpenApiParameterReference reference && (reference.UnresolvedReference || reference.Target is null))
            {
                _context.ReportUnresolvedReference(parameterPointer, reference.Reference?.ReferenceV3 ?? string.Empty, "the parameter is left out (a path parameter becomes a required string)");
                continue;
            }

            if (parameter.In is null || string.IsNullOrEmpty(parameter.Name))
            {
                _context.ReportUnsupported(parameterPointer, "A parameter without a name or location is skipped");
                continue;
            }

            var location = parameter.In.Value switch
            {
                Microsoft.OpenApi.ParameterLocation.Path => Model.ParameterLocation.Path,
                Microsoft.OpenApi.ParameterLocation.Header => Model.ParameterLocation.Header,
                Microsoft.OpenApi.ParameterLocation.Cookie => Model.ParameterLocation.Cookie,
                _ => Model.ParameterLocation.Query,
            };

            if (location == Model.ParameterLocation.Header && IsReservedHeader(parameter.Name!))
            {
                _context.ReportUnsupported(parameterPointer, $"The header parameter '{parameter.Name}' is set by HTTP itself and is not exposed");
                continue;
            }

            TypeRef type;
            if (parameter.Schema is null)
            {
                _context.ReportUnsupported(parameterPointer, $"The parameter '{parameter.Name}' has no schema ('content' parameters are not supported) and is sent as a string");
                type = TypeRef.Primitive(TypeKind.String);
            }
            else
            {
                type = _schemas.Map(parameter.Schema, typePrefix + Identifiers.ToPascalCase(parameter.Name!), parameterPointer + "/schema");
            }

            var required = parameter.Required || location == Model.ParameterLocation.Path;
            pointers.Add(parameterPointer);
            result.Add(new ParameterSpec(
                parameter.Name!,
                string.Empty,
                string.Empty,
                location,
                type,
                required,
                required ? null : DefaultLiteral(parameter.Schema, type),
                Text.Clean(parameter.Description),
                parameter.Deprecated,
                parameter.Explode));
        }

        return NameParameters(result, pointers, pointer);
    }

    /// <summary>
    /// Names the parameters of one method, beside the method's own (body, cancellationToken), and the locals that
    /// hold their values, beside the method's other locals. Spec names that collide are renamed in the order of
    /// their wire names, not of the spec.
    /// </summary>
    private List<ParameterSpec> NameParameters(List<ParameterSpec> parameters, List<string?> pointers, string operationPointer)
    {
        if (_context.NamingPass)
        {
            return parameters;
        }

        var names = new NameScope(StringComparer.Ordinal);
        names.Reserve("cancellationToken", "the method's own parameter cancellationToken");
        names.Reserve("body", "the method's own parameter body");
        var locals = new NameScope(StringComparer.Ordinal);
        foreach (var local in GeneratedLocals.Fixed)
        {
            locals.Reserve(local, "a local of the method");
        }

        var claims = parameters
            .Select(p => names.Request(Identifiers.ToCamelCase(p.Name), 0, p.Name + "\n" + p.Location, $"the {p.Location.ToString().ToLowerInvariant()} parameter '{p.Name}'"))
            .ToList();
        names.Resolve();
        var localClaims = claims
            .Select(c => locals.Request("__" + c.Name!.TrimStart('@'), 0, c.Name!, "a local", refuses: GeneratedLocals.Refuses))
            .ToList();
        locals.Resolve();

        var result = new List<ParameterSpec>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i] with { ParameterName = claims[i].Name!, LocalName = localClaims[i].Name! };
            if (pointers[i] is { } pointer)
            {
                if (claims[i].IsRenamed)
                {
                    _context.ReportRenamed(pointer, parameter.Name, parameter.ParameterName, claims[i].Clash!);
                }
            }
            else
            {
                _context.Report(DiagnosticDescriptors.SpecWarning, operationPointer, $"The path parameter '{parameter.Name}' is not declared; it is generated as a required string parameter '{parameter.ParameterName}'");
            }

            result.Add(parameter);
        }

        return result;
    }

    /// <summary>
    /// A "{name}" in the path that no parameter declares: the spec is wrong, but the operation is still usable,
    /// so it gets a required string parameter and a warning.
    /// </summary>
    private static void AddUndeclaredPathParameters(List<(IOpenApiParameter Parameter, string Pointer)> declared, string pointer, List<ParameterSpec> result, List<string?> pointers)
    {
        var path = pointer.Split('/')[2].Replace("~1", "/").Replace("~0", "~");
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(path, "{([^}]+)}"))
        {
            var name = match.Groups[1].Value;
            if (declared.Any(d => d.Parameter.In == Microsoft.OpenApi.ParameterLocation.Path && d.Parameter.Name == name))
            {
                continue;
            }

            // Named with the others; null marks it as undeclared, to be reported with its name.
            pointers.Add(null);
            result.Add(new ParameterSpec(name, string.Empty, string.Empty, Model.ParameterLocation.Path, TypeRef.Primitive(TypeKind.String), true, null, null, false, false));
        }
    }

    private static void AddParameters(List<(IOpenApiParameter, string)> merged, IList<IOpenApiParameter>? parameters, string pointer)
    {
        if (parameters is null)
        {
            return;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (parameter is null)
            {
                continue;
            }

            merged.RemoveAll(existing => existing.Item1.Name == parameter.Name && existing.Item1.In == parameter.In);
            merged.Add((parameter, $"{pointer}/{i}"));
        }
    }

    private static bool IsReservedHeader(string name) =>
        name.Equals("Accept", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase);

    /// <summary>A C# constant for a spec default, when the parameter's type can take one as an optional value.</summary>
    private static string? DefaultLiteral(IOpenApiSchema? schema, TypeRef type)
    {
        var node = schema?.Default;
        if (node is null || type.IsNullable || node.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return (type.Kind, node.GetValueKind()) switch
            {
                (TypeKind.String, JsonValueKind.String) => CSharpLiteral.String(node.GetValue<string>()),
                (TypeKind.Boolean, JsonValueKind.True) => "true",
                (TypeKind.Boolean, JsonValueKind.False) => "false",
                (TypeKind.Int32, JsonValueKind.Number) => int.Parse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                (TypeKind.Int64, JsonValueKind.Number) => long.Parse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L",
                (TypeKind.Double, JsonValueKind.Number) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "d",
                (TypeKind.Single, JsonValueKind.Number) => float.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "f",
                _ => null,
            };
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }

    private List<RequestBodySpec> MapRequestBodies(OpenApiOperation operation, string pointer, string typePrefix, string methodName)
    {
        var result = new List<RequestBodySpec>();
        var body = operation.RequestBody;
        if (body is null)
        {
            return result;
        }

        if (body is OpenApiRequestBodyReference reference && (reference.UnresolvedReference || reference.Target is null))
        {
            _context.ReportUnresolvedReference(pointer + "/requestBody", reference.Reference?.ReferenceV3 ?? string.Empty, "the body is sent as JSON of any shape (JsonElement)");
            result.Add(new RequestBodySpec("application/json", BodyKind.Json, TypeRef.Primitive(TypeKind.Json), methodName, null));
            return result;
        }

        if (body.Content is null)
        {
            return result;
        }

        var supported = body.Content.Where(pair => BodyKindOf(pair.Key) is not null).ToList();
        foreach (var pair in body.Content.Where(pair => BodyKindOf(pair.Key) is null))
        {
            _context.ReportUnsupported($"{pointer}/requestBody/content/{Pointer.Escape(pair.Key)}", $"The request content type '{pair.Key}' is not supported");
        }

        foreach (var pair in supported)
        {
            var kind = BodyKindOf(pair.Key)!.Value;
            var suffix = supported.Count > 1 ? SuffixFor(kind, pair.Key) : string.Empty;
            var contentPointer = $"{pointer}/requestBody/content/{Pointer.Escape(pair.Key)}/schema";
            TypeRef type = kind switch
            {
                BodyKind.Binary => TypeRef.Primitive(TypeKind.Binary),
                BodyKind.Text => TypeRef.Primitive(TypeKind.String),
                _ => _schemas.Map(pair.Value?.Schema, typePrefix + suffix + "Request", contentPointer),
            };

            if (kind is BodyKind.Multipart or BodyKind.FormUrlEncoded && type.Kind != TypeKind.Named)
            {
                _context.ReportUnsupported(contentPointer, $"A '{pair.Key}' body must be an object schema; it is sent as JSON text");
            }

            // The operation's own method name; OperationNames renames those that cannot be overloads.
            result.Add(new RequestBodySpec(pair.Key, kind, type, methodName, Text.Clean(body.Description)));
        }

        return result;
    }

    internal static string SuffixFor(BodyKind kind, string contentType) => kind switch
    {
        BodyKind.Json => "Json",
        BodyKind.Multipart => "Multipart",
        BodyKind.FormUrlEncoded => "Form",
        BodyKind.Text => "Text",
        _ => Identifiers.ToPascalCase(contentType),
    };

    private static BodyKind? BodyKindOf(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            return BodyKind.Json;
        }

        return mediaType switch
        {
            "multipart/form-data" => BodyKind.Multipart,
            "application/x-www-form-urlencoded" => BodyKind.FormUrlEncoded,
            "text/plain" => BodyKind.Text,
            _ when mediaType.StartsWith("text/", StringComparison.Ordinal) => null,
            _ => BodyKind.Binary,
        };
    }

    private List<ResponseSpec> MapResponses(OpenApiOperation operation, string pointer, string typePrefix)
    {
        var result = new List<ResponseSpec>();
        if (operation.Responses is null)
        {
            return result;
        }

        var successWithInline = operation.Responses.Count(pair => pair.Key.StartsWith("2", StringComparison.Ordinal) && pair.Value?.Content is { Count: > 0 });
        foreach (var pair in operation.Responses)
        {
            var status = pair.Key.ToUpperInvariant();
            var responsePointer = $"{pointer}/responses/{Pointer.Escape(pair.Key)}";
            var response = pair.Value;
            if (response is null)
            {
                continue;
            }

            if (response is OpenApiResponseReference reference && (reference.UnresolvedReference || reference.Target is null))
            {
                _context.ReportUnresolvedReference(responsePointer, reference.Reference?.ReferenceV3 ?? string.Empty, "the response is treated as one without a body");
                continue;
            }

            var description = Text.Clean(response.Description);
            var content = response.Content?.FirstOrDefault(c => ResponseKindOf(c.Key, c.Value?.Schema) == ResponseKind.Json);
            if (content?.Key is null)
            {
                content = response.Content?.FirstOrDefault();
            }

            if (content?.Key is null)
            {
                result.Add(new ResponseSpec(status, ResponseKind.None, null, null, description));
                continue;
            }

            var contentType = content.Value.Key;
            var kind = ResponseKindOf(contentType, content.Value.Value?.Schema);
            TypeRef? type = null;
            if (kind == ResponseKind.Json)
            {
                var isSuccess = status.StartsWith("2", StringComparison.Ordinal);
                var name = isSuccess
                    ? typePrefix + "Response" + (successWithInline > 1 ? status : string.Empty)
                    : typePrefix + "Error" + Identifiers.ToPascalCase(status);
                type = _schemas.Map(content.Value.Value?.Schema, name, $"{responsePointer}/content/{Pointer.Escape(contentType)}/schema");
            }

            result.Add(new ResponseSpec(status, kind, contentType, type, description));
        }

        return result;
    }

    private static ResponseKind ResponseKindOf(string contentType, IOpenApiSchema? schema)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == "text/event-stream")
        {
            return ResponseKind.EventStream;
        }

        if (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal) || mediaType == "*/*" && schema?.Type is not null && schema.Format != "binary")
        {
            return ResponseKind.Json;
        }

        return mediaType.StartsWith("text/", StringComparison.Ordinal) ? ResponseKind.Text : ResponseKind.Binary;
    }
}
