using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Emits the client's own file: its interface's and its class's declarations with their doc comments, the
/// constructors and servers, and the static members the operations share. The operations' methods are parts of the
/// same two types in files of their own (<see cref="OperationGroupEmitter"/>).
/// </summary>
internal static class ClientEmitter
{
    /// <param name="shared">The members the operations' methods use, collected as they were written.</param>
    public static string Emit(EmitContext context, ClientMembers shared)
    {
        var spec = context.Spec;
        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Namespace(spec.Namespace))
        {
            DocComments.Summary(writer, $"A client of {spec.Title}.", string.Empty);
            DocComments.Remarks(writer, spec.Description);
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"public partial interface {spec.InterfaceName}"))
            {
            }

            writer.WriteLine();
            DocComments.Summary(writer, $"A client of {spec.Title}, generated from its OpenAPI spec.", string.Empty);
            DocComments.Raw(writer, "<remarks>");
            DocComments.Raw(writer, "Arguments are checked against the spec before anything is sent; failures throw <see cref=\"global::System.ArgumentException\"/>.");
            DocComments.Raw(writer, "A non-success response throws <see cref=\"global::ComfyCodegen.Runtime.ApiException\"/>. Credentials are sent to the base address's origin only.");
            DocComments.Raw(writer, "</remarks>");
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial class {spec.ClientName} : global::{spec.Namespace}.{spec.InterfaceName}, global::System.IDisposable"))
            {
                WriteConstruction(context, writer);
                shared.Write(writer);
            }
        }

        return writer.ToString();
    }

    /// <summary>The spec's servers, one method each, with their variables as parameters defaulting to the spec's defaults.</summary>
    private static void WriteServers(EmitContext context, SourceWriter writer)
    {
        if (context.Spec.Servers.IsEmpty)
        {
            return;
        }

        DocComments.Summary(writer, "The servers the spec lists, for ApiClientOptions.BaseAddress.", string.Empty);
        using (writer.Block("public static class Servers"))
        {
            for (var i = 0; i < context.Spec.Servers.Count; i++)
            {
                var server = context.Spec.Servers[i];
                if (i > 0)
                {
                    writer.WriteLine();
                }

                DocComments.Summary(writer, server.Description, server.Url);
                DocComments.Remarks(writer, server.Url);
                foreach (var variable in server.Variables)
                {
                    DocComments.Param(writer, variable.ParameterName, (variable.Description ?? variable.Name) + $" Default: {variable.Default}.");
                }

                DocComments.Returns(writer, "The server's address.");
                var parameters = string.Join(", ", server.Variables.Select(v => $"string {v.ParameterName} = {CSharpLiteral.String(v.Default)}"));
                using (writer.Block($"public static global::System.Uri Server{(i + 1).ToString(CultureInfo.InvariantCulture)}({parameters})"))
                {
                    foreach (var variable in server.Variables)
                    {
                        writer.WriteLine($"global::System.ArgumentNullException.ThrowIfNull({variable.ParameterName});");
                        if (!variable.Allowed.IsEmpty)
                        {
                            var allowed = string.Join(" or ", variable.Allowed.Select(CSharpLiteral.String));
                            using (writer.Block($"if ({variable.ParameterName} is not ({allowed}))"))
                            {
                                writer.WriteLine($"throw new global::System.ArgumentOutOfRangeException(nameof({variable.ParameterName}), {variable.ParameterName}, {CSharpLiteral.String($"The server allows only: {string.Join(", ", variable.Allowed)}.")});");
                            }
                        }
                    }

                    writer.WriteLine($"return new global::System.Uri({UrlExpression(server)}, global::System.UriKind.RelativeOrAbsolute);");
                }
            }
        }

        writer.WriteLine();
    }

    /// <summary>
    /// The server URL as a C# expression: its text as literals, each "{variable}" as the escaped argument. Split on
    /// the spec's text, so a variable name or URL holding quotes or backslashes cannot shift what is replaced.
    /// </summary>
    private static string UrlExpression(ServerSpec server)
    {
        var parts = new List<string>();
        var text = new System.Text.StringBuilder();
        var url = server.Url;
        for (var i = 0; i < url.Length;)
        {
            var variable = url[i] == '{' ? server.Variables.FirstOrDefault(v => string.CompareOrdinal(url, i + 1, v.Name + "}", 0, v.Name.Length + 1) == 0) : null;
            if (variable is null)
            {
                text.Append(url[i]);
                i++;
                continue;
            }

            if (text.Length > 0)
            {
                parts.Add(CSharpLiteral.String(text.ToString()));
                text.Clear();
            }

            parts.Add($"global::System.Uri.EscapeDataString({variable.ParameterName})");
            i += variable.Name.Length + 2;
        }

        if (text.Length > 0 || parts.Count == 0)
        {
            parts.Add(CSharpLiteral.String(text.ToString()));
        }

        return string.Join(" + ", parts);
    }

    private static void WriteConstruction(EmitContext context, SourceWriter writer)
    {
        var spec = context.Spec;
        var runtime = TypeNames.Runtime;
        var defaultAddress = spec.DefaultServerUrl is null ? "null" : CSharpLiteral.String(spec.DefaultServerUrl);
        if (spec.DefaultServerUrl is not null)
        {
            DocComments.Summary(writer, "The spec's first server, used when no base address is configured.", string.Empty);
            writer.WriteLine($"public const string DefaultBaseAddress = {defaultAddress};");
            writer.WriteLine();
        }

        WriteServers(context, writer);

        writer.WriteLine($$"""
            private readonly {{runtime}}.ApiClientCore _core;

            /// <summary>Creates a client over the caller's HttpClient, which it never disposes (IHttpClientFactory-friendly).</summary>
            /// <param name="httpClient">The HttpClient to send with. Turn off its automatic redirects so this client can keep credentials on their origin.</param>
            /// <param name="options">Base address and credentials; null uses the HttpClient's base address or the spec's server.</param>
            public {{spec.ClientName}}(global::System.Net.Http.HttpClient httpClient, {{runtime}}.ApiClientOptions? options = null)
            {
                global::System.ArgumentNullException.ThrowIfNull(httpClient);
                _core = new {{runtime}}.ApiClientCore(httpClient, options, {{defaultAddress}});
            }

            /// <summary>Creates a client with its own HttpClient, disposed with the client.</summary>
            /// <param name="options">Base address and credentials; null uses the spec's server.</param>
            public {{spec.ClientName}}({{runtime}}.ApiClientOptions? options = null)
            {
                _core = new {{runtime}}.ApiClientCore(null, options, {{defaultAddress}});
            }

            /// <summary>The address requests are relative to.</summary>
            public global::System.Uri BaseAddress => _core.BaseAddress;

            /// <summary>Disposes the HttpClient if this client created it.</summary>
            public void Dispose() => _core.Dispose();

            /// <inheritdoc />
            public override string ToString() => {{CSharpLiteral.String(spec.ClientName + " { BaseAddress = ")}} + _core.BaseAddress + " }";
            """);
    }
}

/// <summary>Static members several operations share: auth scheme arrays and error mappings, each written once.</summary>
internal sealed class ClientMembers
{
    private readonly EmitContext _context;
    private readonly Dictionary<string, string> _authArrays = new();
    private readonly Dictionary<string, (string Name, string Body)> _errorMappers = new();

    public ClientMembers(EmitContext context)
    {
        _context = context;
    }

    /// <summary>The static field holding the schemes of <paramref name="security"/> the client can apply.</summary>
    public string Auth(EquatableArray<string> security)
    {
        var schemes = security
            .Select(name => _context.Spec.SecuritySchemes.FirstOrDefault(s => s.Name == name))
            .Where(scheme => scheme is not null)
            .Select(scheme => $"new({TypeNames.Runtime}.ApiAuthKind.{scheme!.Kind}, {(scheme.ParameterName is null ? "null" : CSharpLiteral.String(scheme.ParameterName))}, {CSharpLiteral.String(scheme.Name)})")
            .ToList();
        var key = string.Join(", ", schemes);
        if (!_authArrays.TryGetValue(key, out var name))
        {
            name = schemes.Count == 0 ? "s_noAuth" : "s_auth" + _authArrays.Count.ToString(CultureInfo.InvariantCulture);
            _authArrays[key] = name;
        }

        return name;
    }

    /// <summary>The static ApiErrorMapper for an operation's error responses, or "null" when it declares no JSON error schema.</summary>
    public string Errors(OperationSpec operation)
    {
        var errors = operation.Responses
            .Where(r => !r.IsSuccess && !r.IsRedirect && r.Kind == ResponseKind.Json && r.Type is not null)
            .ToList();
        if (errors.Count == 0)
        {
            return "null";
        }

        var arms = new List<string>();
        string? fallback = null;
        foreach (var group in errors.GroupBy(r => r.Type!))
        {
            var read = $"context.ReadJson({_context.Names.ConverterExpression(group.Key)})";
            var patterns = new List<string>();
            foreach (var response in group)
            {
                if (response.Status == "DEFAULT")
                {
                    fallback = read;
                }
                else if (response.Status.Length == 3 && response.Status.EndsWith("XX", System.StringComparison.Ordinal))
                {
                    var hundred = (response.Status[0] - '0') * 100;
                    patterns.Add($">= {hundred} and <= {hundred + 99}");
                }
                else if (int.TryParse(response.Status, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
                {
                    patterns.Add(code.ToString(CultureInfo.InvariantCulture));
                }
            }

            if (patterns.Count > 0)
            {
                // Exact codes before ranges, so "404" wins over "4XX".
                patterns.Sort((a, b) => (a.StartsWith(">=", System.StringComparison.Ordinal) ? 1 : 0) - (b.StartsWith(">=", System.StringComparison.Ordinal) ? 1 : 0));
                arms.Add($"{string.Join(" or ", patterns)} => {read},");
            }
        }

        arms.Sort((a, b) => (a.StartsWith(">=", System.StringComparison.Ordinal) ? 1 : 0) - (b.StartsWith(">=", System.StringComparison.Ordinal) ? 1 : 0));
        arms.Add($"_ => {fallback ?? "null"},");
        var body = string.Join("\n", arms);
        if (!_errorMappers.TryGetValue(body, out var mapper))
        {
            mapper = ("s_errors" + _errorMappers.Count.ToString(CultureInfo.InvariantCulture), body);
            _errorMappers[body] = mapper;
        }

        return mapper.Name;
    }

    public void Write(SourceWriter writer)
    {
        foreach (var pair in _authArrays)
        {
            writer.WriteLine();
            writer.WriteLine($"private static readonly {TypeNames.Runtime}.ApiAuthScheme[] {pair.Value} = {{ {pair.Key} }};");
        }

        foreach (var mapper in _errorMappers.Values)
        {
            writer.WriteLine();
            writer.WriteLine($"private static readonly {TypeNames.Runtime}.ApiErrorMapper {mapper.Name} = static (in {TypeNames.Runtime}.ApiErrorContext context) => context.StatusCode switch");
            writer.WriteLine("{");
            writer.Indentation++;
            writer.WriteLine(mapper.Body);
            writer.Indentation--;
            writer.WriteLine("};");
        }
    }
}
