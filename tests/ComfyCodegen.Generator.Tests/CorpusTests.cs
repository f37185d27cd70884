using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// Real-world specs written for other tools (the shared corpus beside the repository, never copied in): each gets a
/// client with every operation, and a fixed dozen — the largest among them — compile with warnings as errors.
/// </summary>
public sealed class CorpusTests
{
    // The specs that are compiled: the three largest, every one that once failed to generate or had compiler
    // warnings, and one of each other family. Sentry's client takes a minute and a half to compile on its own, so it
    // is generated and counted here but compiled only by benchmarks/corpus-table.
    public static readonly TheoryData<string> Compiled = new()
    {
        "box.json", "asana.yaml", "adyen-CheckoutService-v72.json",
        "adyen-BalancePlatformConfigurationNotification-v2.json", "adyen-SessionAuthenticationService-v1.json",
        "apideck-accounting.yml", "apideck-vault.yml", "okta-oauth.yaml", "okta-management.yaml",
        "twilio-verify-v2.yaml", "ory-kratos.json", "spotify.yml", "mastodon.json",
    };

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Corpus.Directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    [Fact]
    public void TheCorpusIsThere()
    {
        // Not a skip: without the corpus these tests fail, and this one says where it was looked for.
        Assert.True(Directory.GetFiles(Corpus.Directory).Length >= 56, $"expected the 56 corpus specs in {Corpus.Directory}");
        foreach (var name in Compiled)
        {
            Assert.True(File.Exists(Path.Combine(Corpus.Directory, name)), name);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void EverySpecGetsAClientWithEveryOperation(string name)
    {
        var run = Generate(name);

        Assert.DoesNotContain(run.Diagnostics, GeneratorHost.IsCrash);
        // The pass that asks for type names and the pass that uses them saw the same types.
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CCG0012");
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        // The client class exists even for a spec of webhooks only, and has a method for every operation.
        Assert.Contains("Corpus.CorpusClient.g.cs", run.Sources.Keys);
        var declared = OperationCensus.InSpec(File.ReadAllText(Path.Combine(Corpus.Directory, name)));
        Assert.Equal(declared.OrderBy(o => o, StringComparer.Ordinal), OperationCensus.Generated(run.Sources).OrderBy(o => o, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Compiled))]
    public void CompilesWithWarningsAsErrors(string name)
    {
        var run = Generate(name);

        var problems = GeneratorHost.CompileDiagnostics(run.Compilation);
        Assert.True(problems.IsEmpty, $"{problems.Length} compiler warnings or errors:\n" + string.Join("\n", problems.Take(20).Select(Program.Format)));
    }

    private static GeneratorRun Generate(string name)
    {
        var path = Path.Combine(Corpus.Directory, name);
        return GeneratorHost.Run(new[] { new SpecFile("/corpus/" + name, File.ReadAllText(path), "Corpus", "CorpusClient") });
    }

    /// <summary>Where the corpus is: $COMFY_CORPUS_DIR, or shared/corpus/specs beside the repository.</summary>
    internal static class Corpus
    {
        public static string Directory { get; } = Find();

        private static string Find()
        {
            if (Environment.GetEnvironmentVariable("COMFY_CORPUS_DIR") is { Length: > 0 } configured)
            {
                return configured;
            }

            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ComfyCodegen.sln")))
                {
                    return Path.Combine(directory.Parent?.FullName ?? directory.FullName, "shared", "corpus", "specs");
                }
            }

            return Path.Combine("shared", "corpus", "specs");
        }
    }
}
