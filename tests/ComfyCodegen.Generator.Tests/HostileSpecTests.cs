using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// A spec whose every string — names, descriptions, summaries, titles, defaults, enum values, patterns, servers,
/// header and security scheme names, discriminators, event names — carries every C# line terminator, comment and
/// XML delimiters, quotes, backslashes, braces, "#error" at a line start, raw-string delimiters, NUL and a
/// surrogate pair. The output must compile cleanly, have exactly the shape the same spec with plain strings gives (so no
/// string became code), and carry the strings to the wire and back unchanged.
/// </summary>
public sealed class HostileSpecTests
{
    private static readonly string[] Terminators = { "\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029" };

    /// <summary>A header or scheme name must be an HTTP token to go on the wire; this one uses every token symbol.</summary>
    private const string TokenHeader = "X-Hostile!#$%&'*+.^_`|~9";

    private const string KeyHeader = "X-Key!#$%&'*+.^_`|~";

    /// <summary>Every hostile construct, tagged so each context's string is distinct.</summary>
    private static string Hostile(string tag, bool braces = true, bool slashes = true)
    {
        var text = new StringBuilder(tag);
        text.Append(" \" \\ \\u0041 \\\" '' \"\"\" $\"{x}\" */ /* </summary> <!-- ]]> & ");
        if (braces)
        {
            text.Append("{0} {{ }} } { ");
        }

        foreach (var terminator in Terminators)
        {
            text.Append(terminator).Append("#error ").Append(tag).Append(terminator).Append("public static int Injected() { return 42; } // ");
        }

        // A surrogate pair passes through; a lone surrogate cannot be written in YAML or JSON (the readers refuse it),
        // so the escaping points' own tests cover it.
        text.Append('\0').Append(" /// <summary> \U0001F600 end");
        var result = text.ToString();
        if (!braces)
        {
            result = result.Replace("{", "(").Replace("}", ")");
        }

        return slashes ? result : result.Replace("/", "|");
    }

    // The spec's strings, one per context.
    private static readonly string QueryName = Hostile("query-name");
    private static readonly string QueryDefault = Hostile("query-default");
    private static readonly string PathName = Hostile("path-name", braces: false, slashes: false);
    private static readonly string PropertyName = Hostile("property-name");
    private static readonly string EnumProperty = Hostile("enum-property");
    // Component names must match ^[a-zA-Z0-9.\-_]+$ (an OpenAPI rule the reader enforces): as awkward as that allows.
    private const string SchemeName = "9.key-_.";

    private const string SchemaName = "1.-_x.Injected";
    private static readonly string IssueProperty = "a\npublic static int Injected() { return 42; } //";
    private static readonly string[] EnumValues = Terminators
        .Concat(new[] { "\0", "*/", "/*", "</summary>", "<!--", "\"", "\\", "{", "}", "\"\"\"", "#error x", "\U0001F600", IssueProperty })
        .Append(Hostile("enum-value"))
        .ToArray();

    /// <summary>A pattern made of the hostile pieces; a value of those pieces passes, anything else fails.</summary>
    private static readonly string Pattern = "^(?:[a-z ]|\"|\\\\|\r|\n|\u0085|\u2028|\u2029|\\*/|/\\*|</summary>|<!--|#error|\\{|\\})*$";

    [Fact]
    public void HostileSpecCompilesCleanlyWithTheShapeOfAPlainOne()
    {
        var hostile = Generate(hostile: true);
        var plain = Generate(hostile: false);

        Assert.DoesNotContain(hostile.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Compiles.Cleanly(hostile.Compilation);
        Assert.True(GeneratorHost.CompileDiagnostics(plain.Compilation).IsEmpty);

        // Same files, same syntax node kinds in each: no string added, removed or changed a declaration or statement.
        Assert.Equal(hostile.Sources.Count, plain.Sources.Count);
        Assert.Equal(Shapes(plain), Shapes(hostile));
        Assert.Equal(Comments(plain), Comments(hostile));
        foreach (var tree in GeneratedTrees(hostile))
        {
            var directives = tree.GetRoot().DescendantTrivia().Where(t => t.IsDirective).Select(t => t.ToString()).ToList();
            Assert.Equal(new[] { "#nullable enable" }, directives);
        }
    }

    [Fact]
    public void GeneratedSourceHoldsNoRawLineTerminatorOrControlCharacter()
    {
        foreach (var (hint, source) in Generate(hostile: true).Sources)
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                if (char.IsSurrogatePair(source, i))
                {
                    i++;
                    continue;
                }

                var bad = c is '\r' or '\u0085' or '\u2028' or '\u2029' || char.IsControl(c) && c != '\n' || char.IsSurrogate(c);
                Assert.False(bad, $"{hint}: U+{(int)c:X4} at {i}: ...{source.Substring(Math.Max(0, i - 60), Math.Min(120, source.Length - Math.Max(0, i - 60)))}...");
            }
        }
    }

    [Fact]
    public void NothingIsInjected()
    {
        var run = Generate(hostile: true);
        var assembly = Emit(run, out var context);
        try
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            var types = assembly.GetTypes();
            Assert.DoesNotContain(types, t => t.Name == "Injected");
            Assert.DoesNotContain(types.SelectMany(t => t.GetMembers(all)), m => m.Name == "Injected");
            Assert.DoesNotContain(GeneratedTrees(run).SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()), m => m.Identifier.ValueText == "Injected");
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void DocumentationCarriesTheProseEscapedOnCommentLines()
    {
        var run = Generate(hostile: true);
        var client = run.Client(run.Sources.Keys.Single(key => key.EndsWith("Client.g.cs", StringComparison.Ordinal))[..^".g.cs".Length]);

        // The operation's description, line by line, each on its own /// line, XML-escaped.
        Assert.Contains("/// op-description &quot; \\ \\u0041 \\&quot; '' &quot;&quot;&quot; $&quot;{x}&quot; */ /* &lt;/summary&gt; &lt;!-- ]]&gt; &amp; {0} {{ }} } {", client);
        Assert.Contains("/// #error op-description", client);
        Assert.Contains("/// public static int Injected() { return 42; } //", client);
        foreach (var line in client.Split(Terminators.Reverse().ToArray(), StringSplitOptions.None))
        {
            if (line.Contains("Injected()", StringComparison.Ordinal) || line.Contains("#error", StringComparison.Ordinal))
            {
                Assert.True(line.TrimStart().StartsWith("///", StringComparison.Ordinal) || line.Contains('"'), line);
            }
        }
    }

    [Fact]
    public async Task StringsRoundTripOnTheWire()
    {
        var run = Generate(hostile: true);
        var assembly = Emit(run, out var context);
        try
        {
            var clientType = assembly.GetTypes().Single(t => t.IsClass && t.GetInterfaces().Any(i => i.Name == "I" + t.Name));
            var bodyType = assembly.GetType("Hostile.Body")!;
            var enumType = assembly.GetType("Hostile.HostileEnum")!;
            var resolverOptions = (JsonSerializerOptions)assembly.GetTypes()
                .Single(t => t.Name.EndsWith("JsonTypeInfoResolver", StringComparison.Ordinal))
                .GetProperty("Options")!.GetValue(null)!;

            // The compiled constants are the spec's strings, exactly.
            // The first server, its variable at the spec's default.
            var defaultAddress = ServerUrl(hostile: true).Replace("{" + Hostile("server-var", braces: false) + "}", Hostile("server-default"));
            Assert.Equal(defaultAddress, clientType.GetField("DefaultBaseAddress")?.GetRawConstantValue());
            var method = clientType.GetMethods().Single(m => m.GetParameters().Any(p => p.ParameterType == bodyType));
            var parameters = method.GetParameters();
            Assert.Equal(QueryDefault, parameters[3].DefaultValue);
            var enumValues = enumType.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == enumType).Select(p => p.GetValue(null)!.ToString()).ToArray();
            Assert.Equal(EnumValues, enumValues);

            // A body read from JSON written with the spec's names.
            var sent = EnumValues[^1];
            var json = new JsonObject
            {
                [PropertyName] = "value of the hostile property",
                [EnumProperty] = sent,
                [IssueProperty] = "issue",
            };
            var body = JsonSerializer.Deserialize(json.ToJsonString(), bodyType, resolverOptions)!;

            await using var server = new RecordingServer();
            var options = new ComfyCodegen.Runtime.ApiClientOptions { BaseAddress = server.BaseAddress };
            options.Credentials[SchemeName] = "secret";
            using var client = (IDisposable)Activator.CreateInstance(clientType, options)!;
            var pick = enumType.GetProperty(enumType.GetProperties(BindingFlags.Public | BindingFlags.Static)[5].Name)!.GetValue(null);
            var arguments = new object?[] { "path-value", "header-value", body, QueryDefault, "ab\r\n\u2028*/", pick, null, CancellationToken.None };
            Assert.Equal(parameters.Length, arguments.Length);
            var task = (Task)method.Invoke(client, arguments)!;
            await task;
            var echoed = task.GetType().GetProperty("Result")!.GetValue(task)!;

            var request = server.Requests.Single();
            Assert.Equal("POST", request.Method);
            var query = request.Target.Split('?', 2)[1].Split('&')
                .Select(pair => pair.Split('=', 2))
                .Select(pair => (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])))
                .ToList();
            Assert.Contains((QueryName, QueryDefault), query);
            Assert.Contains(("pattern", "ab\r\n\u2028*/"), query);
            Assert.Contains(("choice", EnumValues[5]), query);
            Assert.Contains(request.Headers, h => h.Name == TokenHeader && h.Value == "header-value");
            Assert.Contains(request.Headers, h => h.Name == KeyHeader && h.Value == "secret");
            Assert.StartsWith("/items/path-value", Uri.UnescapeDataString(request.Target), StringComparison.Ordinal);

            using var wire = JsonDocument.Parse(request.Body);
            var members = wire.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            Assert.Equal("value of the hostile property", members[PropertyName]);
            Assert.Equal(sent, members[EnumProperty]);
            Assert.Equal("issue", members[IssueProperty]);

            // Read back: the enum member is the spec's value, exactly, and listed.
            var echoedEnum = bodyType.GetProperties().Single(p => p.PropertyType == enumType || Nullable.GetUnderlyingType(p.PropertyType) == enumType).GetValue(echoed)!;
            Assert.Equal(sent, echoedEnum.ToString());
            Assert.True((bool)enumType.GetProperty("IsDefined")!.GetValue(echoedEnum)!);
            Assert.Equal(json.ToJsonString(), JsonSerializer.Serialize(echoed, bodyType, resolverOptions));

            // The discriminator's name and mapping values are the spec's: they pick the second variant, which the
            // first (reading any object cleanly) would otherwise take.
            var pickType = assembly.GetType("Hostile.Pick")!;
            var pickJson = new JsonObject { [Hostile("discriminator")] = Hostile("mapping-b"), ["b"] = 1 }.ToJsonString();
            var picked = JsonSerializer.Deserialize(pickJson, pickType, resolverOptions)!;
            Assert.Equal(1, pickType.GetProperty("Index")!.GetValue(picked));

            // The pattern is the spec's: a value outside it is refused before anything is sent.
            arguments[4] = "ab(";
            var refused = Assert.Throws<TargetInvocationException>(() => method.Invoke(client, arguments));
            Assert.IsAssignableFrom<ArgumentException>(refused.InnerException);
            Assert.Single(server.Requests);
        }
        finally
        {
            context.Unload();
        }
    }

    private static string ServerUrl(bool hostile) =>
        hostile ? "https://example.com/" + Hostile("server-url", braces: false) + "/{" + Hostile("server-var", braces: false) + "}" : "https://example.com/plain/{variable}";

    private static GeneratorRun Generate(bool hostile) =>
        GeneratorHost.Run(new[] { Specs.Inline(Spec(hostile), "hostile.yaml", "Hostile", client: null) });

    private static string Spec(bool hostile)
    {
        string S(string tag) => Yaml(hostile ? Hostile(tag) : "plain " + tag);
        string N(string tag, string value) => Yaml(hostile ? value : "plain-" + tag);
        var enumValues = string.Join(", ", EnumValues.Select((v, i) => Yaml(hostile ? v : "plain" + i)));
        var serverVariable = hostile ? Hostile("server-var", braces: false) : "variable";
        return $$"""
            openapi: 3.1.0
            info:
              title: {{S("title")}}
              summary: {{S("info-summary")}}
              description: {{S("info-description")}}
              version: '1'
            servers:
              - url: {{Yaml(ServerUrl(hostile))}}
                description: {{S("server-description")}}
                variables:
                  {{Yaml(serverVariable)}}:
                    default: {{S("server-default")}}
                    enum: [{{S("server-default")}}, {{S("server-other")}}]
                    description: {{S("server-variable-description")}}
            tags:
              - name: {{S("tag")}}
                description: {{S("tag-description")}}
            security:
              - {{N("scheme", SchemeName)}}: []
            paths:
              {{Yaml("/items/{" + (hostile ? PathName : "plain-path") + "}")}}:
                summary: {{S("path-summary")}}
                description: {{S("path-description")}}
                post:
                  operationId: {{S("operation-id")}}
                  summary: {{S("op-summary")}}
                  description: {{S("op-description")}}
                  tags: [{{S("tag")}}]
                  parameters:
                    - name: {{N("path", PathName)}}
                      in: path
                      required: true
                      description: {{S("path-param-description")}}
                      schema:
                        type: string
                    - name: {{Yaml(TokenHeader)}}
                      in: header
                      required: true
                      description: {{S("header-description")}}
                      schema:
                        type: string
                    - name: {{N("query", QueryName)}}
                      in: query
                      description: {{S("query-description")}}
                      schema:
                        type: string
                        default: {{N("default", QueryDefault)}}
                        example: {{S("query-example")}}
                    - name: pattern
                      in: query
                      schema:
                        type: string
                        pattern: {{Yaml(hostile ? Pattern : "^[a-z]*$")}}
                    - name: choice
                      in: query
                      schema:
                        $ref: '#/components/schemas/HostileEnum'
                    - name: {{S("header-full")}}
                      in: header
                      schema:
                        type: string
                  requestBody:
                    required: true
                    description: {{S("body-description")}}
                    content:
                      application/json:
                        schema:
                          $ref: '#/components/schemas/Body'
                  responses:
                    '200':
                      description: {{S("response-description")}}
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Body'
              /events:
                get:
                  operationId: {{S("events-operation")}}
                  x-sse-events:
                    {{S("event-name")}}:
                      description: {{S("event-description")}}
                      schema: '#/components/schemas/Body'
                  responses:
                    '200':
                      description: {{S("events-description")}}
                      content:
                        text/event-stream:
                          schema:
                            type: string
              /pick:
                get:
                  operationId: pick
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Pick'
            components:
              securitySchemes:
                {{N("scheme", SchemeName)}}:
                  type: apiKey
                  in: header
                  name: {{Yaml(KeyHeader)}}
                  description: {{S("scheme-description")}}
              schemas:
                Body:
                  type: object
                  title: {{S("body-title")}}
                  description: {{S("body-schema-description")}}
                  properties:
                    {{N("property", PropertyName)}}:
                      type: string
                      title: {{S("property-title")}}
                      description: {{S("property-description")}}
                      default: {{S("property-default")}}
                      examples: [{{S("property-example")}}]
                      pattern: {{Yaml(hostile ? "^(?:.|\n|\r|\u0085|\u2028|\u2029)*$" : "^.*$")}}
                    {{N("enum-property", EnumProperty)}}:
                      $ref: '#/components/schemas/HostileEnum'
                    {{N("issue", IssueProperty)}}:
                      type: string
                    constant:
                      type: string
                      const: {{S("const")}}
                HostileEnum:
                  type: string
                  description: {{S("enum-description")}}
                  enum: [{{enumValues}}]
                {{N("schema-name", SchemaName)}}:
                  type: object
                  description: {{S("schema-name-description")}}
                  properties:
                    {{S("inner-property")}}:
                      type: string
                      description: {{S("inner-description")}}
                Pick:
                  oneOf:
                    - $ref: '#/components/schemas/VariantA'
                    - $ref: '#/components/schemas/VariantB'
                  discriminator:
                    propertyName: {{N("discriminator", Hostile("discriminator"))}}
                    mapping:
                      {{S("mapping-a")}}: '#/components/schemas/VariantA'
                      {{S("mapping-b")}}: '#/components/schemas/VariantB'
                VariantA:
                  type: object
                  properties:
                    {{N("discriminator", Hostile("discriminator"))}}:
                      type: string
                VariantB:
                  type: object
                  properties:
                    {{N("discriminator", Hostile("discriminator"))}}:
                      type: string
                    b:
                      type: integer
            """;
    }

    /// <summary>A YAML double-quoted scalar: every character outside printable ASCII as an escape, so the text survives exactly.</summary>
    private static string Yaml(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < 0x20 || c > 0x7E)
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    private static IEnumerable<SyntaxTree> GeneratedTrees(GeneratorRun run) =>
        run.Sources.Values.Select(source => CSharpSyntaxTree.ParseText(source, GeneratorHost.ParseOptions));

    /// <summary>Per generated file, the kinds of its syntax nodes in order; sorted, since file names differ.</summary>
    private static List<string> Shapes(GeneratorRun run) =>
        GeneratedTrees(run)
            .Select(tree => string.Join(",", tree.GetRoot().DescendantNodes().Select(node => node.Kind())))
            .OrderBy(shape => shape, StringComparer.Ordinal)
            .ToList();

    /// <summary>The plain (non-documentation) comments: generator constants, never spec text.</summary>
    private static List<string> Comments(GeneratorRun run) =>
        GeneratedTrees(run)
            .SelectMany(tree => tree.GetRoot().DescendantTrivia())
            .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            .Select(t => t.ToString())
            .Distinct()
            .OrderBy(text => text, StringComparer.Ordinal)
            .ToList();

    private static Assembly Emit(GeneratorRun run, out AssemblyLoadContext context)
    {
        using var image = new MemoryStream();
        var emitted = run.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Take(20).Select(Program.Format)));
        context = new AssemblyLoadContext("hostile", isCollectible: true);
        return context.LoadFromStream(new MemoryStream(image.ToArray()));
    }

    /// <summary>
    /// An HTTP/1.1 server on loopback that records each request as its bytes arrived (header names as sent,
    /// the body) and answers 200 with the request's body.
    /// </summary>
    private sealed class RecordingServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public RecordingServer()
        {
            _listener.Start();
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _loop = Task.Run(AcceptAsync);
        }

        public Uri BaseAddress { get; }

        public List<RecordedRequest> Requests { get; } = new();

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                using var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = socket.GetStream();
                var request = await ReadAsync(stream);
                lock (Requests)
                {
                    Requests.Add(request);
                }

                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {request.Body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(request.Body, _stop.Token);
            }
        }

        private async Task<RecordedRequest> ReadAsync(NetworkStream stream)
        {
            var buffer = new List<byte>();
            var one = new byte[1];
            while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
            {
                if (await stream.ReadAsync(one, _stop.Token) == 0)
                {
                    throw new IOException("The connection closed inside the request head.");
                }

                buffer.Add(one[0]);
            }

            var lines = Encoding.Latin1.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var start = lines[0].Split(' ');
            var headers = lines.Skip(1).Select(line => line.Split(':', 2)).Select(pair => (Name: pair[0], Value: pair[1].Trim())).ToList();
            var body = new MemoryStream();
            if (headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value is { } length)
            {
                await CopyAsync(stream, body, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
            {
                while (true)
                {
                    var size = Convert.ToInt32((await ReadLineAsync(stream)).Split(';')[0], 16);
                    if (size == 0)
                    {
                        await ReadLineAsync(stream);
                        break;
                    }

                    await CopyAsync(stream, body, size);
                    await ReadLineAsync(stream);
                }
            }

            return new RecordedRequest(start[0], start[1], headers, body.ToArray());
        }

        private async Task<string> ReadLineAsync(NetworkStream stream)
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (await stream.ReadAsync(one, _stop.Token) == 1 && one[0] != '\n')
            {
                if (one[0] != '\r')
                {
                    line.Append((char)one[0]);
                }
            }

            return line.ToString();
        }

        private async Task CopyAsync(NetworkStream stream, MemoryStream target, int count)
        {
            var chunk = new byte[count];
            await stream.ReadExactlyAsync(chunk, _stop.Token);
            target.Write(chunk);
        }
    }

    private sealed record RecordedRequest(string Method, string Target, List<(string Name, string Value)> Headers, byte[] Body);
}
