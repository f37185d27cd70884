using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Emits services.Add{Client}(...): the typed client on IHttpClientFactory, with options and resilience. Only for
/// projects that reference ComfyCodegen.DependencyInjection, which holds the registration it calls.
/// </summary>
internal static class RegistrationEmitter
{
    /// <summary>The assembly whose presence among a compilation's references turns the registration on.</summary>
    public const string AssemblyName = "ComfyCodegen.DependencyInjection";

    public static GeneratedFile Emit(RegistrationSpec spec)
    {
        var names = spec.Names;
        var runtime = TypeNames.Runtime;
        var defaultAddress = spec.DefaultServerUrl is null ? "null" : CSharpLiteral.String(spec.DefaultServerUrl);
        var variable = spec.ApiKeyEnvironmentVariable;
        var variableLiteral = variable is null ? "null" : CSharpLiteral.String(variable);
        // Which sources fill the options, in order; the doc comment says it for this spec.
        var sources = variable is null
            ? $"configuration section \"Comfy:{spec.ClientName}\", then <paramref name=\"configure\"/> (a later source overrides an earlier\n    /// one); no environment variable is read, as the spec's MSBuild item names none,"
            : $"the environment variable {DocComments.Escape(variable)} (the API key), then configuration section \"Comfy:{spec.ClientName}\", then\n    /// <paramref name=\"configure\"/> (a later source overrides an earlier one: ApiKey set to null there sends no key),";

        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        // In the client's namespace, not Microsoft.Extensions.DependencyInjection: two assemblies with a client of the
        // same name must not declare the same public type there.
        using (writer.Namespace(spec.Namespace))
        {
            writer.WriteLine($$"""
                /// <summary>Registers <see cref="global::{{spec.Namespace}}.{{names.InterfaceName}}"/> with dependency injection.</summary>
                {{EmitContext.GeneratedCodeAttribute}}
                public static class {{names.ExtensionsClassName}}
                {
                    /// <summary>
                    /// Adds <see cref="global::{{spec.Namespace}}.{{names.InterfaceName}}"/> as a typed client on IHttpClientFactory. Options come from
                    /// {{sources}}
                    /// and are validated at start-up. Retries (backoff with jitter, Retry-After honored) never resend a body that
                    /// cannot be replayed, and resend non-idempotent requests only when the server refused them (429, 503).
                    /// </summary>
                    /// <param name="services">The service collection.</param>
                    /// <param name="configure">Sets base address, credentials and limits.</param>
                    /// <param name="resilience">Adjusts retries and timeouts of the standard resilience pipeline.</param>
                    /// <returns>The HttpClient builder, for further configuration.</returns>
                    public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder Add{{spec.ClientName}}(
                        this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services,
                        global::System.Action<{{runtime}}.ApiClientOptions>? configure = null,
                        global::System.Action<global::Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions>? resilience = null) =>
                        global::ComfyCodegen.DependencyInjection.ApiClientRegistration.Add<global::{{spec.Namespace}}.{{names.InterfaceName}}, global::{{spec.Namespace}}.{{spec.ClientName}}>(
                            services,
                            {{CSharpLiteral.String(spec.ClientName)}},
                            {{defaultAddress}},
                            {{variableLiteral}},
                            configure,
                            resilience,
                            static (httpClient, options) => new global::{{spec.Namespace}}.{{spec.ClientName}}(httpClient, options));
                }
                """);
        }

        return new GeneratedFile($"{spec.Namespace}.{spec.ClientName}.DependencyInjection.g.cs", writer.ToString());
    }
}
