using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>One C# method of an operation: with several request content types, one per content type.</summary>
internal sealed record MethodPlan(OperationSpec Operation, string Name, RequestBodySpec? Body, int BodyIndex, ResponsePlan Plan)
{
    /// <summary>The generated type of several success bodies (ResponseShape.Multi).</summary>
    public string ResultTypeName => Operation.ResultTypeName!;

    /// <summary>The generated type of one event of an event-stream response.</summary>
    public string EventTypeName => Operation.EventTypeName!;
}

/// <summary>Emits an operation's method: signature, argument checks, request building and the typed response.</summary>
internal static class OperationEmitter
{
    private const string Runtime = TypeNames.Runtime;

    public static IEnumerable<MethodPlan> Plan(EmitContext context, OperationSpec operation)
    {
        var plan = ResponsePlan.For(operation);
        if (operation.RequestBodies.Count == 0)
        {
            yield return new MethodPlan(operation, operation.MethodName, null, -1, plan);
            yield break;
        }

        // Several content types: overloads when their body types differ in C#, otherwise one name per content type
        // (the parser decided which, and named them).
        for (var i = 0; i < operation.RequestBodies.Count; i++)
        {
            var body = operation.RequestBodies[i];
            yield return new MethodPlan(operation, body.MethodName, body, i, plan);
        }
    }

    public static void WriteDeclaration(EmitContext context, SourceWriter writer, MethodPlan method, bool isInterface)
    {
        WriteDocs(context, writer, method);
        if (method.Operation.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete(\"The API marks this operation as deprecated.\")]");
        }

        var signature = $"{ReturnType(context, method)} {method.Name}({string.Join(", ", Parameters(context, method).Select(p => p.Declaration))})";
        writer.WriteLine(isInterface ? signature + ";" : "public " + signature);
    }

    public static void WriteImplementation(EmitContext context, SourceWriter writer, MethodPlan method, ClientMembers shared)
    {
        var operation = method.Operation;
        DocComments.Raw(writer, "<inheritdoc />");
        if (operation.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete(\"The API marks this operation as deprecated.\")]");
        }

        var parameters = Parameters(context, method);
        writer.WriteLine($"public {ReturnType(context, method)} {method.Name}({string.Join(", ", parameters.Select(p => p.Declaration))})");
        writer.WriteLine("{");
        writer.Indentation++;

        // Every check runs before the request exists: a bad argument never costs a round trip.
        foreach (var parameter in operation.Parameters)
        {
            WriteParameterChecks(context, writer, parameter);
        }

        if (method.Body is { } body)
        {
            WriteBodyChecks(context, writer, body, operation.RequestBodyRequired);
        }

        WriteRequest(context, writer, method);
        var auth = shared.Auth(operation.Security);
        var errors = shared.Errors(operation);
        WriteSend(context, writer, method, auth, errors);

        writer.Indentation--;
        writer.WriteLine("}");
    }

    public static string EmitResultType(EmitContext context, MethodPlan method)
    {
        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Namespace(context.Spec.Namespace))
        {
            DocComments.Summary(writer, $"What {method.Operation.OperationId} answered: exactly one of the success bodies, by status code.", string.Empty);
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial class {method.ResultTypeName}"))
            {
                DocComments.Summary(writer, "Creates the result.", string.Empty);
                DocComments.Param(writer, "statusCode", "The status code.");
                using (writer.Block($"public {method.ResultTypeName}(int statusCode)"))
                {
                    writer.WriteLine("StatusCode = statusCode;");
                }

                writer.WriteLine();
                DocComments.Summary(writer, "The status code that came back.", string.Empty);
                writer.WriteLine("public int StatusCode { get; }");
                foreach (var response in method.Plan.Successes)
                {
                    writer.WriteLine();
                    DocComments.Summary(writer, $"The {response.Status} body; null for any other status.", string.Empty);
                    DocComments.Remarks(writer, response.Description);
                    writer.WriteLine($"public {context.Names.Of(response.Type!, nullable: true)} {ResponsePlan.StatusName(response.Status)} {{ get; init; }}");
                }
            }
        }

        return writer.ToString();
    }

    private static void WriteDocs(EmitContext context, SourceWriter writer, MethodPlan method)
    {
        var operation = method.Operation;
        DocComments.Summary(writer, operation.Summary ?? operation.Description, $"{operation.HttpMethod} {operation.Path}");
        var remarks = operation.Summary is not null ? operation.Description : null;
        var wire = $"{operation.HttpMethod} {operation.Path} (operationId {operation.OperationId}).";
        DocComments.Remarks(writer, remarks is null ? wire : remarks + "\n\n" + wire);
        foreach (var parameter in Parameters(context, method))
        {
            DocComments.Param(writer, parameter.Name, parameter.Doc);
        }

        DocComments.Returns(writer, method.Plan.Shape switch
        {
            ResponseShape.NoContent => "A task that completes when the server has answered with success.",
            ResponseShape.Exists => "True when the server answers 2xx, false when it answers 404.",
            ResponseShape.File => "The body as a stream read as it arrives; dispose it.",
            ResponseShape.JsonWithStatus => "The body with the status code that came back.",
            ResponseShape.Multi => "The status code and the body that goes with it.",
            ResponseShape.Text => "The body text.",
            ResponseShape.EventStream => "The events as they arrive; a dropped connection is resumed (with Last-Event-ID when the server sends ids).",
            _ => Text.Clean(method.Plan.Successes.FirstOrDefault()?.Description) ?? "The response body.",
        });
        if (operation.Parameters.Count > 0 || method.Body is not null)
        {
            // Only arguments are checked before sending: a method that takes none but the token cannot throw this.
            DocComments.Raw(writer, "<exception cref=\"global::System.ArgumentException\">An argument breaks the spec's constraints; nothing was sent.</exception>");
        }

        DocComments.Raw(writer, "<exception cref=\"global::ComfyCodegen.Runtime.ApiException\">The server answered with an error status or a body that does not match the spec.</exception>");
    }

    internal sealed record MethodParameter(string Name, string Declaration, string? Doc);

    internal static List<MethodParameter> Parameters(EmitContext context, MethodPlan method)
    {
        var names = context.Names;
        var operation = method.Operation;
        var required = new List<MethodParameter>();
        var optional = new List<MethodParameter>();
        foreach (var parameter in operation.Parameters)
        {
            var doc = ParameterDoc(parameter);
            if (parameter.Required)
            {
                required.Add(new MethodParameter(parameter.ParameterName, $"{names.Of(parameter.Type, parameter.Type.IsNullable)} {parameter.ParameterName}", doc));
            }
            else if (parameter.DefaultLiteral is not null)
            {
                optional.Add(new MethodParameter(parameter.ParameterName, $"{names.Of(parameter.Type)} {parameter.ParameterName} = {parameter.DefaultLiteral}", doc));
            }
            else
            {
                optional.Add(new MethodParameter(parameter.ParameterName, $"{names.Of(parameter.Type, nullable: true)} {parameter.ParameterName} = null", doc));
            }
        }

        if (method.Body is { } body)
        {
            var type = BodyType(context, body);
            var doc = body.Description ?? $"The request body ({body.ContentType}).";
            if (operation.RequestBodyRequired)
            {
                required.Add(new MethodParameter("body", $"{type} body", doc));
            }
            else
            {
                optional.Insert(0, new MethodParameter("body", $"{type}? body = null", doc));
            }
        }

        var all = required.Concat(optional).ToList();
        all.Add(new MethodParameter("cancellationToken", "global::System.Threading.CancellationToken cancellationToken = default", "Cancels the call."));
        return all;
    }

    private static string? ParameterDoc(ParameterSpec parameter)
    {
        var text = parameter.Description ?? $"The {parameter.Name} {parameter.Location.ToString().ToLowerInvariant()} parameter.";
        var sentences = new List<string> { Sentence(text) };
        if (parameter.Deprecated)
        {
            sentences.Add("Deprecated by the API.");
        }

        // Each bound once: not when the spec's own text already names it ("between 1 and 1000"), and both in one sentence.
        var c = parameter.Type.Constraints;
        var bounds = new List<string>();
        if (c?.Minimum is { } minimum && !Mentions(text, minimum))
        {
            bounds.Add(c.ExclusiveMinimum ? $"greater than {minimum}" : $"at least {minimum}");
        }

        if (c?.Maximum is { } maximum && !Mentions(text, maximum))
        {
            bounds.Add(c.ExclusiveMaximum ? $"less than {maximum}" : $"at most {maximum}");
        }

        if (bounds.Count > 0)
        {
            var joined = string.Join(" and ", bounds);
            sentences.Add(char.ToUpperInvariant(joined[0]) + joined.Substring(1) + ".");
        }

        return string.Join(" ", sentences);
    }

    /// <summary>The spec's text as a sentence: it gets a full stop unless it already ends like one.</summary>
    private static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length == 0 || ".!?:;".IndexOf(trimmed[trimmed.Length - 1]) >= 0 ? trimmed : trimmed + ".";
    }

    /// <summary>Whether <paramref name="text"/> holds <paramref name="number"/> as a number of its own ("1" in "1 to 10", not in "100").</summary>
    private static bool Mentions(string text, string number) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\d.]){System.Text.RegularExpressions.Regex.Escape(number)}(?![\d]|\.\d)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    internal static string BodyType(EmitContext context, RequestBodySpec body) => body.Kind switch
    {
        BodyKind.Binary => "global::System.IO.Stream",
        BodyKind.Text => "string",
        _ => context.Names.Of(body.Type),
    };

    private static string ReturnType(EmitContext context, MethodPlan method)
    {
        const string Task = "global::System.Threading.Tasks.Task";
        var plan = method.Plan;
        return plan.Shape switch
        {
            ResponseShape.NoContent => Task,
            ResponseShape.Exists => Task + "<bool>",
            ResponseShape.File => Task + $"<{Runtime}.ApiFileResponse>",
            ResponseShape.Text => Task + "<string>",
            ResponseShape.JsonWithStatus => Task + $"<{Runtime}.ApiResponse<{context.Names.Of(plan.Type!)}>>",
            ResponseShape.Multi => Task + $"<global::{context.Spec.Namespace}.{method.ResultTypeName}>",
            ResponseShape.EventStream => $"global::System.Collections.Generic.IAsyncEnumerable<global::{context.Spec.Namespace}.{method.EventTypeName}>",
            _ => Task + $"<{context.Names.Of(plan.Type!)}>",
        };
    }

    private static void WriteParameterChecks(EmitContext context, SourceWriter writer, ParameterSpec parameter)
    {
        var name = parameter.ParameterName;
        var label = CSharpLiteral.String(name.TrimStart('@'));
        var alwaysPresent = !parameter.Type.IsNullable && (parameter.Required || parameter.DefaultLiteral is not null);
        if (alwaysPresent && !parameter.Type.IsValueType)
        {
            writer.WriteLine($"{Runtime}.ParameterValidator.NotNull({name}, {label});");
        }

        if (!context.Validation.NeedsValidation(parameter.Type))
        {
            return;
        }

        if (alwaysPresent)
        {
            context.Validation.Write(writer, name, parameter.Type, label);
            return;
        }

        // Checks and request building use different pattern variables.
        context.Validation.WriteWhenPresent(writer, name, "__checked_" + name.TrimStart('@'), parameter.Type, label);
    }

    private static void WriteBodyChecks(EmitContext context, SourceWriter writer, RequestBodySpec body, bool required)
    {
        if (required)
        {
            writer.WriteLine($"{Runtime}.ParameterValidator.NotNull(body, \"body\");");
        }

        if (body.Kind is BodyKind.Binary or BodyKind.Text || !context.Validation.NeedsValidation(body.Type))
        {
            return;
        }

        // A required body has just been checked for null; an optional one is checked only when there is one.
        if (required)
        {
            context.Validation.Write(writer, "body", body.Type, "\"body\"");
            return;
        }

        context.Validation.WriteWhenPresent(writer, "body", "__body", body.Type, "\"body\"");
    }

    private static void WriteRequest(EmitContext context, SourceWriter writer, MethodPlan method)
    {
        var operation = method.Operation;
        var segments = SplitPath(operation.Path);
        // Messages name the request by its template, never by argument values; a path without parameters is its own
        // template (ApiRequest's ToString shows the path itself when no template is set).
        var literalPath = segments.Count == 1 && segments[0].Text == operation.Path && operation.Path.StartsWith("/", StringComparison.Ordinal);
        var template = literalPath ? string.Empty : $" {{ PathTemplate = {CSharpLiteral.String(operation.Path)} }}";
        writer.WriteLine($"var __request = new {Runtime}.ApiRequest({CSharpLiteral.String(operation.HttpMethod)}, {CSharpLiteral.String(segments[0].Text)}){template};");
        foreach (var segment in segments.Skip(1))
        {
            if (!segment.IsParameter)
            {
                writer.WriteLine($"__request.AppendPath({CSharpLiteral.String(segment.Text)});");
                continue;
            }

            var parameter = operation.Parameters.FirstOrDefault(p => p.Location == ParameterLocation.Path && p.Name == segment.Text);
            if (parameter is null)
            {
                writer.WriteLine($"__request.AppendPath({CSharpLiteral.String("{" + segment.Text + "}")});");
                continue;
            }

            writer.WriteLine($"__request.AppendPathParameter({CSharpLiteral.String(parameter.Name)}, {Format(context, parameter.Type, parameter.ParameterName)});");
        }

        foreach (var parameter in operation.Parameters.Where(p => p.Location != ParameterLocation.Path))
        {
            WriteParameter(context, writer, parameter);
        }

        if (method.Body is { } body)
        {
            WriteBody(context, writer, body, method.Operation.RequestBodyRequired);
        }
    }

    private static void WriteParameter(EmitContext context, SourceWriter writer, ParameterSpec parameter)
    {
        var name = parameter.ParameterName;
        var add = parameter.Location switch
        {
            ParameterLocation.Query => "AddQuery",
            _ => "AddHeader",
        };
        var wireName = parameter.Location == ParameterLocation.Cookie ? "Cookie" : parameter.Name;
        string Value(string expression) => parameter.Location == ParameterLocation.Cookie
            ? $"{CSharpLiteral.String(parameter.Name + "=")} + global::System.Uri.EscapeDataString({Format(context, parameter.Type, expression)})"
            : Format(context, parameter.Type, expression);

        if (parameter.Type.Kind == TypeKind.Array && parameter.Location == ParameterLocation.Query)
        {
            var element = parameter.Type.Element!;
            writer.WriteLine($"__request.AddQuery({CSharpLiteral.String(parameter.Name)}, {name}, explode: {(parameter.Explode ? "true" : "false")}, static __x => {Format(context, element, "__x")});");
            return;
        }

        if (parameter.Type.Kind == TypeKind.Array)
        {
            // Header arrays are sent as a comma-separated list (style "simple").
            var element = parameter.Type.Element!;
            var join = $"string.Join(\",\", global::System.Linq.Enumerable.Select({{0}}, static __x => {Format(context, element, "__x")}))";
            WriteGuarded(writer, parameter, name, v => $"__request.{add}({CSharpLiteral.String(wireName)}, {string.Format(CultureInfo.InvariantCulture, join, v)});", takesNull: false);
            return;
        }

        WriteGuarded(writer, parameter, name, v => $"__request.{add}({CSharpLiteral.String(wireName)}, {Value(v)});", TakesNull(context, parameter));
    }

    /// <summary>
    /// Whether the parameter's statement copes with null itself: AddQuery and AddHeader leave a null value out, and
    /// ParameterFormatter formats an absent primitive or enum as null, so the parameter needs no check of its own.
    /// </summary>
    private static bool TakesNull(EmitContext context, ParameterSpec parameter) =>
        parameter.Location != ParameterLocation.Cookie
        && (parameter.Type.Kind == TypeKind.String || FormattedByRuntime(context, parameter.Type));

    private static void WriteGuarded(SourceWriter writer, ParameterSpec parameter, string name, Func<string, string> statement, bool takesNull)
    {
        var alwaysPresent = !parameter.Type.IsNullable && (parameter.Required || parameter.DefaultLiteral is not null);
        if (alwaysPresent || takesNull)
        {
            writer.WriteLine(statement(name));
            return;
        }

        var local = parameter.LocalName;
        using (writer.Block($"if ({name} is {{ }} {local})"))
        {
            writer.WriteLine(statement(local));
        }
    }

    private static void WriteBody(EmitContext context, SourceWriter writer, RequestBodySpec body, bool required)
    {
        var names = context.Names;
        var contentType = CSharpLiteral.String(body.ContentType);
        var value = required ? "body" : "__content";
        Block? guard = required ? null : writer.Block("if (body is { } __content)");
        switch (body.Kind)
        {
            case BodyKind.Binary:
                writer.WriteLine($"__request.SetContent({Runtime}.ApiContent.Stream({value}, {contentType}), replayable: false);");
                break;
            case BodyKind.Text:
                writer.WriteLine($"__request.SetContent({Runtime}.ApiContent.Text({value}, {contentType}), replayable: true);");
                break;
            case BodyKind.Multipart when context.Type(body.Type.Name) is ObjectSpec form:
                writer.WriteLine($"var __form = new {Runtime}.MultipartBuilder();");
                for (var i = 0; i < form.Properties.Count; i++)
                {
                    WriteMultipartPart(context, writer, form.Properties[i], value, i);
                }

                writer.WriteLine("__request.SetContent(__form.Build(), __form.IsReplayable);");
                break;
            case BodyKind.FormUrlEncoded when context.Type(body.Type.Name) is ObjectSpec fields:
                writer.WriteLine("var __fields = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>();");
                for (var i = 0; i < fields.Properties.Count; i++)
                {
                    var property = fields.Properties[i];
                    using (writer.Block($"if ({value}.{property.Name} is {{ }} __f{i})"))
                    {
                        writer.WriteLine($"__fields.Add(new({CSharpLiteral.String(property.JsonName)}, {FormatOrJson(context, property.Type, $"__f{i}")}));");
                    }
                }

                writer.WriteLine($"__request.SetContent({Runtime}.ApiContent.Form(__fields), replayable: true);");
                break;
            default:
                writer.WriteLine($"__request.SetContent({Runtime}.ApiContent.Json({value}, {names.ConverterExpression(body.Type)}), replayable: true);");
                break;
        }

        guard?.Dispose();
    }

    private static void WriteMultipartPart(EmitContext context, SourceWriter writer, PropertySpec property, string value, int index)
    {
        var name = CSharpLiteral.String(property.JsonName);
        var member = $"{value}.{property.Name}";
        var type = property.Type;
        switch (type.Kind)
        {
            case TypeKind.Binary:
            case TypeKind.String:
                writer.WriteLine($"__form.Add({name}, {member});");
                return;
            case TypeKind.Array when type.Element!.Kind == TypeKind.Binary:
                using (writer.Block($"if ({member} is {{ }} __files{index})"))
                {
                    using (writer.Block($"foreach (var __file in __files{index})"))
                    {
                        writer.WriteLine($"__form.Add({name}, __file);");
                    }
                }

                return;
            case TypeKind.Array when IsScalar(context, type.Element!):
                writer.WriteLine($"__form.Add({name}, {member}, static __x => {Format(context, type.Element!, "__x")});");
                return;
        }

        using (writer.Block($"if ({member} is {{ }} __part{index})"))
        {
            writer.WriteLine(IsScalar(context, type)
                ? $"__form.Add({name}, {Format(context, type, $"__part{index}")});"
                : $"__form.AddJson({name}, __part{index}, {context.Names.ConverterExpression(type)});");
        }
    }

    private static bool IsScalar(EmitContext context, TypeRef type) => type.Kind switch
    {
        TypeKind.Named => context.IsEnum(type.Name!),
        TypeKind.Array or TypeKind.Map or TypeKind.Json or TypeKind.Binary => false,
        _ => true,
    };

    private static string FormatOrJson(EmitContext context, TypeRef type, string expression) =>
        IsScalar(context, type)
            ? Format(context, type, expression)
            : $"global::System.Text.Encoding.UTF8.GetString({Runtime}.ApiJson.SerializeToUtf8Bytes({expression}, {context.Names.ConverterExpression(type)}))";

    /// <summary>The text of a parameter value on the wire.</summary>
    private static string Format(EmitContext context, TypeRef type, string expression) => type.Kind switch
    {
        TypeKind.String => expression,
        TypeKind.Json => $"{expression}.GetRawText()",
        _ when FormattedByRuntime(context, type) => $"{Runtime}.ParameterFormatter.Format({expression})",
        _ => FormatOrJson(context, type, expression),
    };

    /// <summary>Whether <see cref="Format"/> hands the value to ParameterFormatter (primitives and enums).</summary>
    private static bool FormattedByRuntime(EmitContext context, TypeRef type) => type.Kind switch
    {
        TypeKind.String or TypeKind.Json or TypeKind.Array or TypeKind.Map => false,
        TypeKind.Named => context.IsEnum(type.Name!),
        _ => true,
    };

    private static void WriteSend(EmitContext context, SourceWriter writer, MethodPlan method, string auth, string errors)
    {
        var plan = method.Plan;
        var names = context.Names;
        switch (plan.Shape)
        {
            case ResponseShape.NoContent:
                writer.WriteLine($"return _core.SendForNoContentAsync(__request, {auth}, {errors}, cancellationToken);");
                break;
            case ResponseShape.Exists:
                writer.WriteLine($"return _core.SendForExistsAsync(__request, {auth}, {errors}, cancellationToken);");
                break;
            case ResponseShape.File:
                writer.WriteLine($"return _core.SendForFileAsync(__request, {auth}, {errors}, cancellationToken);");
                break;
            case ResponseShape.Text:
                writer.WriteLine($"return _core.SendForTextAsync(__request, {auth}, {errors}, cancellationToken);");
                break;
            case ResponseShape.Json:
                writer.WriteLine($"return _core.SendForJsonAsync(__request, {auth}, {names.ConverterExpression(plan.Type!)}, {errors}, cancellationToken);");
                break;
            case ResponseShape.JsonWithStatus:
                writer.WriteLine($"return _core.SendForJsonResponseAsync(__request, {auth}, {names.ConverterExpression(plan.Type!)}, {errors}, cancellationToken);");
                break;
            case ResponseShape.EventStream:
                writer.WriteLine($"return _core.StreamEventsAsync(__request, {auth}, {errors}, global::{context.Spec.Namespace}.{method.EventTypeName}.FromServerSentEvent, cancellationToken);");
                break;
            case ResponseShape.Multi:
                writer.WriteLine("return Send(__request, cancellationToken);");
                writer.WriteLine();
                var result = $"global::{context.Spec.Namespace}.{method.ResultTypeName}";
                using (writer.Block($"async global::System.Threading.Tasks.Task<{result}> Send({Runtime}.ApiRequest request, global::System.Threading.CancellationToken cancellationToken)"))
                {
                    writer.WriteLine($"using var response = await _core.SendAndEnsureSuccessAsync(request, {auth}, {errors}, cancellationToken).ConfigureAwait(false);");
                    using (writer.Block("switch ((int)response.StatusCode)"))
                    {
                        // Exact codes before ranges ("2XX"), which would otherwise subsume them.
                        foreach (var response in plan.Successes.OrderBy(r => r.Status.EndsWith("XX", StringComparison.Ordinal) ? 1 : 0))
                        {
                            var range = response.Status.EndsWith("XX", StringComparison.Ordinal);
                            var hundred = (response.Status[0] - '0') * 100;
                            writer.WriteLine(range ? $"case >= {hundred} and <= {hundred + 99}:" : $"case {int.Parse(response.Status, CultureInfo.InvariantCulture)}:");
                            writer.Indentation++;
                            var status = range ? "(int)response.StatusCode" : int.Parse(response.Status, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                            writer.WriteLine($"return new {result}({status}) {{ {ResponsePlan.StatusName(response.Status)} = await _core.ReadJsonAsync(request, response, {names.ConverterExpression(response.Type!)}, cancellationToken).ConfigureAwait(false) }};");
                            writer.Indentation--;
                        }

                        writer.WriteLine("default:");
                        writer.Indentation++;
                        writer.WriteLine("throw await _core.CreateExceptionAsync(request, response, null, cancellationToken).ConfigureAwait(false);");
                        writer.Indentation--;
                    }
                }

                break;
        }
    }

    private readonly record struct PathSegment(string Text, bool IsParameter);

    private static List<PathSegment> SplitPath(string path)
    {
        var segments = new List<PathSegment>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < path.Length)
        {
            var open = path.IndexOf('{', i);
            var close = open < 0 ? -1 : path.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                literal.Append(path, i, path.Length - i);
                break;
            }

            literal.Append(path, i, open - i);
            segments.Add(new PathSegment(literal.ToString(), false));
            literal.Clear();
            segments.Add(new PathSegment(path.Substring(open + 1, close - open - 1), true));
            i = close + 1;
        }

        segments.Add(new PathSegment(literal.ToString(), false));
        return segments.Where((segment, index) => index == 0 || segment.IsParameter || segment.Text.Length > 0).ToList();
    }
}
