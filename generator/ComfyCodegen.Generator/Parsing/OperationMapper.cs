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
    private static readonly string[] MethodOrder = { "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE" };

    private readonly ParseContext _context;
    private readonly SchemaMapper _schemas;
    private readonly UniqueNameBuilder _methodNames;
    private readonly Dictionary<string, string> _operationIds = new(StringComparer.Ordinal);

    public OperationMapper(ParseContext context, SchemaMapper schemas, string clientName)
    {
        _context = context;
        _schemas = schemas;
        _methodNames = new UniqueNameBuilder(StringComparer.Ordinal, clientName, "Dispose", "Equals", "GetHashCode", "ToString", "GetType");
    }

    public List<OperationSpec> MapAll(OpenApiDocument document, IList<OpenApiSecurityRequirement>? globalSecurity)
    {
        var operations = new List<OperationSpec>();
        if (document.Paths is null)
        {
            return operations;
        }

        foreach (var path in document.Paths)
        {
            if (path.Value?.Operations is null)
            {
                continue;
            }

            foreach (var pair in path.Value.Operations.OrderBy(p => Array.IndexOf(MethodOrder, p.Key.Method.ToUpperInvariant())))
            {
                if (pair.Value is null)
                {
                    continue;
                }

                _context.CancellationToken.ThrowIfCancellationRequested();
                var method = pair.Key.Method.ToUpperInvariant();
                var pointer = $"#/paths/{Pointer.Escape(path.Key)}/{method.ToLowerInvariant()}";
                operations.Add(MapOperation(path.Key, method, path.Value, pair.Value, pointer, globalSecurity));
            }
        }

        return operations;
    }

    private OperationSpec MapOperation(
        string path,
        string method,
        IOpenApiPathItem pathItem,
        OpenApiOperation operation,
        string pointer,
        IList<OpenApiSecurityRequirement>? globalSecurity)
    {
        var baseName = OperationBaseName(path, method, operation, pointer);
        var methodName = _methodNames.Allocate(baseName + "Async");
        var typePrefix = methodName.Substring(0, methodName.Length - "Async".Length);

        var parameterNames = new UniqueNameBuilder(StringComparer.Ordinal, "cancellationToken", "body");
        var parameters = MapParameters(pathItem, operation, pointer, typePrefix, parameterNames);
        var bodies = MapRequestBodies(operation, pointer, typePrefix);
        var responses = MapResponses(operation, pointer, typePrefix);
        var security = (operation.Security ?? globalSecurity ?? Array.Empty<OpenApiSecurityRequirement>())
            .SelectMany(requirement => requirement.Keys)
            .Select(scheme => (scheme as OpenApiSecuritySchemeReference)?.Reference?.Id)
            .Where(id => id is not null)
            .Select(id => id!)
            .Distinct()
            .ToEquatableArray();

        var events = MapEvents(operation, pointer, typePrefix);

        return new OperationSpec(
            operation.OperationId ?? baseName,
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
            events.ToEquatableArray());
    }

    /// <summary>
    /// The x-sse-events extension: { eventName: { schema: "#/components/schemas/X", description } }. Its schema
    /// is a plain string, not a $ref the reader resolves, so it is resolved here.
    /// </summary>
    private List<EventSpec> MapEvents(OpenApiOperation operation, string pointer, string typePrefix)
    {
        var events = new List<EventSpec>();
        if (operation.Extensions is null
            || !operation.Extensions.TryGetValue("x-sse-events", out var extension)
            || extension is not JsonNodeExtension { Node: JsonObject catalog })
        {
            return events;
        }

        var members = new UniqueNameBuilder(StringComparer.Ordinal, ReservedMemberNames.ForEvents);
        foreach (var pair in catalog)
        {
            var eventPointer = $"{pointer}/x-sse-events/{Pointer.Escape(pair.Key)}";
            var description = (pair.Value as JsonObject)?["description"] is JsonValue text && text.TryGetValue<string>(out var value) ? value : null;
            TypeRef? type = null;
            if ((pair.Value as JsonObject)?["schema"] is JsonValue schema && schema.TryGetValue<string>(out var reference))
            {
                type = _schemas.MapReference(reference, eventPointer + "/schema");
            }

            events.Add(new EventSpec(pair.Key, members.Allocate(Identifiers.ToPascalCase(pair.Key)), type, Text.Clean(description)));
        }

        return events;
    }

    private string OperationBaseName(string path, string method, OpenApiOperation operation, string pointer)
    {
        var operationId = operation.OperationId;
        if (string.IsNullOrWhiteSpace(operationId))
        {
            var derived = Identifiers.ToPascalCase(method.ToLowerInvariant() + " " + path.Replace("{", " by ").Replace("}", " "));
            _context.Report(DiagnosticDescriptors.MissingOperationId, pointer, method, path, derived + "Async");
            return derived;
        }

        var name = Identifiers.ToPascalCase(operationId!);
        if (_operationIds.TryGetValue(operationId!, out var first))
        {
            _context.Report(DiagnosticDescriptors.DuplicateOperationId, pointer + "/operationId", operationId!, first, name + "2Async");
        }
        else
        {
            _operationIds[operationId!] = $"{method} {path}";
        }

        return name;
    }

    private List<ParameterSpec> MapParameters(IOpenApiPathItem pathItem, OpenApiOperation operation, string pointer, string typePrefix, UniqueNameBuilder names)
    {
        // Operation parameters override path-level ones with the same name and location.
        var merged = new List<(IOpenApiParameter Parameter, string Pointer)>();
        var pathPointer = pointer.Substring(0, pointer.LastIndexOf('/'));
        AddParameters(merged, pathItem.Parameters, pathPointer + "/parameters");
        AddParameters(merged, operation.Parameters, pointer + "/parameters");

        var result = new List<ParameterSpec>();
        AddUndeclaredPathParameters(merged, pointer, result, names);
        foreach (var (parameter, parameterPointer) in merged)
        {
            if (parameter is OpenApiParameterReference reference && (reference.UnresolvedReference || reference.Target is null))
            {
                _context.ReportUnresolvedReference(parameterPointer, reference.Reference?.ReferenceV3 ?? string.Empty);
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

            var preferred = Identifiers.ToCamelCase(parameter.Name!);
            var parameterName = names.Allocate(preferred);
            if (parameterName != preferred)
            {
                _context.ReportRenamed(parameterPointer, parameter.Name!, parameterName, "a clash with another parameter");
            }

            var required = parameter.Required || location == Model.ParameterLocation.Path;
            result.Add(new ParameterSpec(
                parameter.Name!,
                parameterName,
                location,
                type,
                required,
                required ? null : DefaultLiteral(parameter.Schema, type),
                Text.Clean(parameter.Description),
                parameter.Deprecated,
                parameter.Explode));
        }

        return result;
    }

    /// <summary>
    /// A "{name}" in the path that no parameter declares: the spec is wrong, but the operation is still usable,
    /// so it gets a required string parameter and a warning.
    /// </summary>
    private void AddUndeclaredPathParameters(List<(IOpenApiParameter Parameter, string Pointer)> declared, string pointer, List<ParameterSpec> result, UniqueNameBuilder names)
    {
        var path = pointer.Split('/')[2].Replace("~1", "/").Replace("~0", "~");
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(path, "{([^}]+)}"))
        {
            var name = match.Groups[1].Value;
            if (declared.Any(d => d.Parameter.In == Microsoft.OpenApi.ParameterLocation.Path && d.Parameter.Name == name))
            {
                continue;
            }

            var parameterName = names.Allocate(Identifiers.ToCamelCase(name));
            _context.Report(DiagnosticDescriptors.SpecWarning, pointer, $"The path parameter '{name}' is not declared; it is generated as a required string parameter '{parameterName}'");
            result.Add(new ParameterSpec(name, parameterName, Model.ParameterLocation.Path, TypeRef.Primitive(TypeKind.String), true, null, null, false, false));
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

    private List<RequestBodySpec> MapRequestBodies(OpenApiOperation operation, string pointer, string typePrefix)
    {
        var result = new List<RequestBodySpec>();
        var body = operation.RequestBody;
        if (body is null)
        {
            return result;
        }

        if (body is OpenApiRequestBodyReference reference && (reference.UnresolvedReference || reference.Target is null))
        {
            _context.ReportUnresolvedReference(pointer + "/requestBody", reference.Reference?.ReferenceV3 ?? string.Empty);
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

            result.Add(new RequestBodySpec(pair.Key, kind, type, suffix, Text.Clean(body.Description)));
        }

        return result;
    }

    private static string SuffixFor(BodyKind kind, string contentType) => kind switch
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
                _context.ReportUnresolvedReference(responsePointer, reference.Reference?.ReferenceV3 ?? string.Empty);
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
