using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using ComfyCodegen.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// The ApiKeyEnvironmentVariable item metadata: read by the generator, passed by Add{Client} to the registration, and
/// the only way an environment variable reaches a client's options (environment &lt; configuration &lt; code).
/// Each test that sets a variable uses its own name, except the one proving COMFY_API_KEY is not read; that one runs
/// in this class only, and tests in one class never run in parallel.
/// </summary>
public sealed class ApiKeyEnvironmentVariableTests
{
    private const string Yaml = """
        openapi: 3.0.3
        info: { title: Plain, version: "1" }
        servers: [ { url: "https://plain.example.test" } ]
        components:
          securitySchemes:
            key: { type: apiKey, in: header, name: X-API-Key }
        security: [ { key: [] } ]
        paths:
          /things:
            get:
              operationId: listThings
              responses:
                '200': { description: ok, content: { text/plain: { schema: { type: string } } } }
        """;

    private static SpecFile Spec(string? variable) => Specs.Inline(Yaml) with { ApiKeyEnvironmentVariable = variable };

    /// <summary>The client's source with every run of white space as one space, so assertions do not depend on layout.</summary>
    private static string Registration(GeneratorRun run) =>
        System.Text.RegularExpressions.Regex.Replace(run.Sources.Single(pair => pair.Value.Contains("ServiceCollectionExtensions", StringComparison.Ordinal)).Value, @"\s+", " ");

    [Fact]
    public void TheMetadataIsPassedToTheRegistration()
    {
        var run = GeneratorHost.Run(new[] { Spec("MY_SERVICE_KEY") });

        var source = Registration(run);
        Assert.Contains("\"https://plain.example.test\", \"MY_SERVICE_KEY\", configure,", source);
        Assert.Contains("the environment variable MY_SERVICE_KEY (the API key)", source);
        Assert.True(GeneratorHost.CompileDiagnostics(run.Compilation).IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void WithoutTheMetadataNoVariableIsPassed(string? variable)
    {
        var run = GeneratorHost.Run(new[] { Spec(variable) });

        var source = Registration(run);
        Assert.Contains("\"https://plain.example.test\", null, configure,", source);
        Assert.Contains("no environment variable is read", source);
        Assert.DoesNotContain("COMFY_API_KEY", source);
        Assert.Empty(run.Diagnostics);
    }

    [Theory]
    [InlineData("COMFY API KEY")]
    [InlineData("KEY\"); System.Environment.Exit(1); //")]
    [InlineData("1KEY")]
    [InlineData("KEY\nX")]
    public void AnInvalidNameIsReportedAndReadsNothing(string variable)
    {
        var run = GeneratorHost.Run(new[] { Spec(variable) });

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CCG0011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("\"https://plain.example.test\", null, configure,", Registration(run));
        Assert.True(GeneratorHost.CompileDiagnostics(run.Compilation).IsEmpty);
    }

    [Fact]
    public void TheNamedVariableFillsTheKey()
    {
        var variable = UniqueVariable();
        using var client = Compiled(Spec(variable));
        Environment.SetEnvironmentVariable(variable, "from-environment");
        try
        {
            Assert.Equal("from-environment", client.Options().ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AClientWhoseItemNamesNoVariableDoesNotReadComfyApiKey(string? variable)
    {
        using var client = Compiled(Spec(variable));
        Environment.SetEnvironmentVariable("COMFY_API_KEY", "must-not-be-read");
        try
        {
            Assert.Null(client.Options().ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable("COMFY_API_KEY", null);
        }
    }

    [Fact]
    public void CodeOverridesConfigurationWhichOverridesTheEnvironment()
    {
        var variable = UniqueVariable();
        using var client = Compiled(Spec(variable));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Comfy:InlineClient:ApiKey"] = "from-configuration" })
            .Build();
        Environment.SetEnvironmentVariable(variable, "from-environment");
        try
        {
            Assert.Equal("from-environment", client.Options().ApiKey);
            Assert.Equal("from-configuration", client.Options(configuration: configuration).ApiKey);
            Assert.Equal("from-code", client.Options(options => options.ApiKey = "from-code", configuration).ApiKey);
            // Turned off in code: neither configuration nor the environment fills it again.
            Assert.Null(client.Options(options => options.ApiKey = null, configuration).ApiKey);
            Assert.Null(client.Options(options => options.ApiKey = null).ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static string UniqueVariable() => "CCG_TEST_KEY_" + Guid.NewGuid().ToString("N");

    private static CompiledClient Compiled(SpecFile spec)
    {
        var run = GeneratorHost.Run(new[] { spec });
        using var image = new MemoryStream();
        var emitted = run.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Select(Program.Format)));
        return new CompiledClient(image.ToArray());
    }

    /// <summary>The generated assembly, loaded so its Add{Client} can run through dependency injection.</summary>
    private sealed class CompiledClient : IDisposable
    {
        private readonly AssemblyLoadContext _context = new("api-key-environment", isCollectible: true);
        private readonly Type _extensions;

        public CompiledClient(byte[] image)
        {
            var assembly = _context.LoadFromStream(new MemoryStream(image));
            _extensions = assembly.GetType("Inline.InlineClientServiceCollectionExtensions", throwOnError: true)!;
        }

        /// <summary>Registers the client with AddInlineClient and resolves its options as the client would get them.</summary>
        public ApiClientOptions Options(Action<ApiClientOptions>? configure = null, IConfiguration? configuration = null)
        {
            var services = new ServiceCollection();
            if (configuration is not null)
            {
                services.AddSingleton(configuration);
            }

            _extensions.GetMethod("AddInlineClient")!.Invoke(null, new object?[] { services, configure, null });
            using var provider = services.BuildServiceProvider();
            return provider.GetRequiredService<IOptionsMonitor<ApiClientOptions>>().Get("InlineClient");
        }

        public void Dispose() => _context.Unload();
    }
}
