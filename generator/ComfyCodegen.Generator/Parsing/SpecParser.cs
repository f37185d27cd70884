using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using ComfyCodegen.Generator.Diagnostics;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using System.Text.Json.Nodes;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>The parser's answer: the model to emit (null when the spec has errors) and the diagnostics to report.</summary>
internal sealed record ParseResult(ClientSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Turns one spec file into a <see cref="ClientSpec"/>. Never throws, except on cancellation.</summary>
internal static class SpecParser
{
    private static readonly Regex LineColumn = new(@"line (\d+), column (\d+)", RegexOptions.CultureInvariant);
    // Where the document "lives" for the reader: only internal references are resolved, so any fixed address does.
    private static readonly Uri SpecLocation = new("file:///openapi.yaml");

    private static readonly Regex EnvironmentVariableName = new(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant);

    private static readonly Regex PointerInMessage = new(@" at (#/\S*)", RegexOptions.CultureInvariant);

    public static ParseResult Parse(SpecInput input, CancellationToken cancellationToken)
    {
        var context = new ParseContext(input.FilePath, input.Text, cancellationToken);
        try
        {
            var document = Read(input, context);
            if (document is null || context.HasErrors)
            {
                return new ParseResult(null, context.Diagnostics.ToEquatableArray());
            }

            var clientName = ClientNameFor(input, document.Info?.Title);
            var spec = Map(input, document, clientName, context);
            return new ParseResult(context.HasErrors ? null : spec, context.Diagnostics.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The generator must never crash the build: an unexpected failure becomes a diagnostic at the spec.
            context.Report(DiagnosticDescriptors.InternalError, (string?)null, DiagnosticInfo.Describe(exception));
            return new ParseResult(null, context.Diagnostics.ToEquatableArray());
        }
    }

    private static OpenApiDocument? Read(SpecInput input, ParseContext context)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        // This rule walks the document again and resolves every schema reference once more; what it finds is a
        // reference to nothing (which the mapper reports at each site where it matters, CCG0004, so its warning is
        // dropped below) or a cycle of aliases (which SpecNormalizer breaks before the reader sees the document).
        settings.RuleSet.Remove("OpenApiDocumentReferencesAreValid");
        var format = LooksLikeJson(input.Text) ? "json" : "yaml";

        ReadResult result;
        try
        {
            result = (format == "yaml" ? ReadFromYamlTree(context, settings) : ReadFromJsonTree(input, context, settings)) ?? OpenApiDocument.Parse(input.Text, format, settings);
        }
        catch (OpenApiUnsupportedSpecVersionException exception)
        {
            context.Report(DiagnosticDescriptors.UnsupportedVersion, "#/openapi", exception.SpecificationVersion ?? "unknown");
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The reader throws on some invalid documents (a number where a count belongs, an empty $ref) instead
            // of reporting them; that is the document's fault, not ours.
            context.Report(DiagnosticDescriptors.SpecError, (string?)null, $"The document is not valid OpenAPI: {exception.Message}");
            return null;
        }

        var diagnostic = result.Diagnostic;
        foreach (var error in diagnostic?.Errors ?? Enumerable.Empty<OpenApiError>())
        {
            if (error is OpenApiValidatorError finding && result.Document is not null)
            {
                // A rule the document breaks (a discriminator not in required, a path parameter not marked required)
                // after it was read whole: the spec is wrong, but sound code still comes from it; the mapper copes
                // with each such construct, so it is a warning at its place, not the end of the client.
                context.Report(DiagnosticDescriptors.SpecWarning, finding.Pointer, NameTheSchema(finding.Message ?? finding.RuleName, finding.Pointer).TrimEnd('.') + "; the client is generated anyway");
                continue;
            }

            ReportReaderError(input, context, error);
        }

        if (context.HasErrors)
        {
            return null;
        }

        // The reader also reads Swagger 2.0, upgrading it silently; we say plainly that we do not.
        if (diagnostic?.SpecificationVersion == OpenApiSpecVersion.OpenApi2_0)
        {
            context.Report(DiagnosticDescriptors.UnsupportedVersion, "#/swagger", "2.0");
            return null;
        }

        foreach (var warning in diagnostic?.Warnings ?? Enumerable.Empty<OpenApiError>())
        {
            // Unresolved references are reported (as errors) where the mapper meets them.
            if (!warning.Message.Contains("does not point to an existing"))
            {
                context.Report(DiagnosticDescriptors.SpecWarning, warning.Pointer, warning.Message);
            }
        }

        return result.Document;
    }

    /// <summary>
    /// Reads the document from the tree the locator made while it read the positions, instead of letting the reader
    /// scan the text a second time. Null when the text does not load or convert cleanly: the reader then reads the
    /// text itself and reports the problem in its own words, with its line and column.
    /// </summary>
    private static ReadResult? ReadFromYamlTree(ParseContext context, OpenApiReaderSettings settings)
    {
        return context.TakeDocumentTree() is { } node ? ReadNode(node, context, settings) : null;
    }

    /// <summary>
    /// Reads a JSON spec through a JsonNode, so that <see cref="SpecNormalizer"/> can repair it first. Null when the
    /// text is not well-formed JSON: the reader then reads it itself and reports where.
    /// </summary>
    private static ReadResult? ReadFromJsonTree(SpecInput input, ParseContext context, OpenApiReaderSettings settings)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(input.Text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        return node is null ? null : ReadNode(node, context, settings);
    }

    /// <summary>The reader on a document tree (from YAML or JSON alike), once <see cref="SpecNormalizer"/> has repaired it.</summary>
    private static ReadResult ReadNode(JsonNode node, ParseContext context, OpenApiReaderSettings settings)
    {
        SpecNormalizer.Normalize(node, context);
        return OpenApiYamlReader.Read(node, SpecLocation, settings);
    }

    /// <summary>The reader's schema messages leave the name out ("Schema  must contain…"); the pointer has it.</summary>
    private static string NameTheSchema(string message, string? pointer)
    {
        const string Prefix = "#/components/schemas/";
        if (message.StartsWith("Schema  ", StringComparison.Ordinal) && pointer is not null && pointer.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var name = Pointer.Unescape(pointer.Substring(Prefix.Length).Split('/')[0]);
            return $"Schema '{name}' " + message.Substring("Schema  ".Length);
        }

        return message.StartsWith("Schema  ", StringComparison.Ordinal) ? "A schema " + message.Substring("Schema  ".Length) : message;
    }

    private static void ReportReaderError(SpecInput input, ParseContext context, OpenApiError error)
    {
        var message = error.Message ?? "unknown error";
        // A syntax error carries its position in the message (the pointer, if any, is the document's root).
        if (SyntaxErrors.TryLocate(message, input.Text, out var faultLine, out var faultColumn, out var description))
        {
            context.Report(DiagnosticDescriptors.InvalidSyntax, new SpecLocation(input.FilePath, faultLine, faultColumn), description);
            return;
        }

        if (string.IsNullOrEmpty(error.Pointer))
        {
            var match = LineColumn.Match(message);
            if (match.Success)
            {
                // The YAML reader counts from 1; Roslyn's positions count from 0.
                var line = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
                var column = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
                context.Report(DiagnosticDescriptors.InvalidSyntax, new SpecLocation(input.FilePath, Math.Max(0, line), Math.Max(0, column)), message);
                return;
            }

            if (message.IndexOf("version", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                context.Report(DiagnosticDescriptors.NotOpenApi, (string?)null, message);
                return;
            }

            // Some reader errors name their place in the message only ("x is not a valid property at #/paths").
            var embedded = PointerInMessage.Match(message);
            if (embedded.Success)
            {
                context.Report(DiagnosticDescriptors.SpecError, embedded.Groups[1].Value, message);
                return;
            }
        }

        context.Report(DiagnosticDescriptors.SpecError, error.Pointer, message);
    }

    /// <summary>
    /// Maps the document onto the model. Every emitted name is allocated here, in one scope per C# scope, so that it is
    /// unique there and does not depend on the order of the spec: operation names first (they name the operations'
    /// types); then a silent first pass in which every type asks for its name (and no more: members, parameters and
    /// enum values are named by the second); then all type names at once; then the real pass, with final names; last
    /// the methods the generator adds (per content type, page walkers).
    /// </summary>
    private static ClientSpec Map(SpecInput input, OpenApiDocument document, string clientName, ParseContext context)
    {
        var client = new ClientNames(clientName);
        var sites = OperationNames.Sites(document);
        var operationNames = new OperationNames(context, sites);
        context.ComponentSchemas = document.Components?.Schemas;
        var typeNames = new TypeNameRegistry(context, client);

        context.NamingPass = true;
        try
        {
            MapTypesAndOperations(document, sites, operationNames, typeNames, context);
        }
        finally
        {
            context.NamingPass = false;
        }

        typeNames.Resolve();
        var (types, operations) = MapTypesAndOperations(document, sites, operationNames, typeNames, context);
        typeNames.ReportIfThePassesDisagreed();

        var spec = new ClientSpec(
            NamespaceFor(input),
            clientName,
            document.Info?.Title ?? clientName,
            Text.Clean(document.Info?.Description),
            ServerUrl(document),
            SecuritySchemes(document, context).ToEquatableArray(),
            operations.ToEquatableArray(),
            types.ToEquatableArray(),
            input.FilePath,
            Servers(document).ToEquatableArray(),
            ApiKeyEnvironmentVariableFor(input, context));
        return spec with { Operations = operationNames.NameAddedMethods(spec).ToEquatableArray() };
    }

    /// <summary>
    /// The item's ApiKeyEnvironmentVariable when it is a portable name; anything else reads no variable and says so.
    /// The name reaches generated source (a string literal and a doc comment), so only names that need no escaping pass.
    /// </summary>
    private static string? ApiKeyEnvironmentVariableFor(SpecInput input, ParseContext context)
    {
        var name = input.ApiKeyEnvironmentVariable?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (!EnvironmentVariableName.IsMatch(name))
        {
            context.Report(DiagnosticDescriptors.InvalidApiKeyEnvironmentVariable, (string?)null, name!);
            return null;
        }

        return name;
    }

    private static (List<TypeSpec> Types, List<OperationSpec> Operations) MapTypesAndOperations(
        OpenApiDocument document,
        IReadOnlyList<OperationSite> sites,
        OperationNames operationNames,
        TypeNameRegistry typeNames,
        ParseContext context)
    {
        var schemas = new SchemaMapper(context, typeNames);
        schemas.RegisterComponents(document.Components?.Schemas);
        var operations = new OperationMapper(context, schemas, typeNames, operationNames).MapAll(sites, document.Security);
        return (schemas.Types.ToList(), operations);
    }

    private static IEnumerable<SecuritySchemeSpec> SecuritySchemes(OpenApiDocument document, ParseContext context)
    {
        foreach (var pair in document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>())
        {
            var scheme = pair.Value;
            if (scheme is null)
            {
                continue;
            }

            var pointer = $"#/components/securitySchemes/{Pointer.Escape(pair.Key)}";
            switch (scheme.Type)
            {
                case SecuritySchemeType.ApiKey when scheme.In == Microsoft.OpenApi.ParameterLocation.Header:
                    yield return new SecuritySchemeSpec(pair.Key, SecuritySchemeKind.ApiKeyHeader, scheme.Name);
                    break;
                case SecuritySchemeType.ApiKey when scheme.In == Microsoft.OpenApi.ParameterLocation.Query:
                    yield return new SecuritySchemeSpec(pair.Key, SecuritySchemeKind.ApiKeyQuery, scheme.Name);
                    break;
                case SecuritySchemeType.ApiKey when scheme.In == Microsoft.OpenApi.ParameterLocation.Cookie:
                    yield return new SecuritySchemeSpec(pair.Key, SecuritySchemeKind.ApiKeyCookie, scheme.Name);
                    break;
                case SecuritySchemeType.Http when string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase):
                case SecuritySchemeType.OAuth2:
                case SecuritySchemeType.OpenIdConnect:
                    yield return new SecuritySchemeSpec(pair.Key, SecuritySchemeKind.Bearer, null);
                    break;
                case SecuritySchemeType.Http when string.Equals(scheme.Scheme, "basic", StringComparison.OrdinalIgnoreCase):
                    yield return new SecuritySchemeSpec(pair.Key, SecuritySchemeKind.Basic, null);
                    break;
                default:
                    context.ReportUnsupported(pointer, $"The security scheme '{pair.Key}' is not supported; add its credentials with a DelegatingHandler");
                    break;
            }
        }
    }

    private static IEnumerable<ServerSpec> Servers(OpenApiDocument document)
    {
        foreach (var server in document.Servers ?? new List<OpenApiServer>())
        {
            if (server?.Url is null)
            {
                continue;
            }

            var names = new UniqueNameBuilder(StringComparer.Ordinal);
            var variables = (server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
                .Where(pair => pair.Value is not null && server.Url.Contains("{" + pair.Key + "}"))
                .Select(pair => new ServerVariableSpec(
                    pair.Key,
                    names.Allocate(Identifiers.ToCamelCase(pair.Key)),
                    pair.Value.Default ?? string.Empty,
                    Text.Clean(pair.Value.Description),
                    (pair.Value.Enum ?? new List<string>()).Where(v => v is not null).ToEquatableArray()))
                .ToEquatableArray();
            yield return new ServerSpec(server.Url, Text.Clean(server.Description), variables);
        }
    }

    /// <summary>The first server's URL with its variables at their defaults; null when it is relative.</summary>
    private static string? ServerUrl(OpenApiDocument document)
    {
        var server = document.Servers?.FirstOrDefault();
        if (server?.Url is null)
        {
            return null;
        }

        var url = server.Url;
        foreach (var variable in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
        {
            url = url.Replace("{" + variable.Key + "}", variable.Value?.Default ?? string.Empty);
        }

        return Uri.TryCreate(url, UriKind.Absolute, out _) ? url : null;
    }

    private static string ClientNameFor(SpecInput input, string? title)
    {
        if (!string.IsNullOrWhiteSpace(input.ClientName))
        {
            return Identifiers.ToPascalCase(input.ClientName!);
        }

        var source = !string.IsNullOrWhiteSpace(title) ? title! : Path.GetFileNameWithoutExtension(input.FilePath);
        var name = Identifiers.ToPascalCase(source);
        if (name.EndsWith("Api", StringComparison.OrdinalIgnoreCase))
        {
            name = name.Substring(0, name.Length - 3);
        }

        return name.EndsWith("Client", StringComparison.Ordinal) ? name : name + "Client";
    }

    private static string NamespaceFor(SpecInput input)
    {
        var raw = !string.IsNullOrWhiteSpace(input.Namespace) ? input.Namespace!
            : !string.IsNullOrWhiteSpace(input.RootNamespace) ? input.RootNamespace!
            : "ComfyCodegen.Generated";
        var parts = raw.Split('.').Select(part => Identifiers.ToPascalCase(part)).Where(part => part.Length > 0);
        return string.Join(".", parts);
    }

    private static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c == '{';
            }
        }

        return false;
    }
}
