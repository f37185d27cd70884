using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ComfyCodegen.Cli;
using ComfyCodegen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;
using Xunit;
using Xunit.Abstractions;

namespace ComfyCodegen.Generator.Tests;

/// <summary>
/// Mutation testing of the generator: our specs, broken at random (nodes deleted, duplicated, retyped, renamed,
/// references broken, hostile strings injected, the text itself cut or corrupted). For every mutant: no exception
/// escapes the generator, every diagnostic points into the spec, and where no error was reported the output
/// compiles without errors or warnings (all mutants of the small specs, every other one of the large) and no hostile string became code. Deterministic: the same seed gives the same mutants.
/// </summary>
public sealed class MutationTests(ITestOutputHelper output, Progress progress) : IClassFixture<Progress>
{
    private const int Mutants = 2000;
    private const int MinimumCompiled = 400;
    private const int LargeSpec = 100_000;
    private const int Seed = 20261129;
    private const int ReportEvery = 250;

    private static readonly string[] Hostile =
    {
        "*/ /* <summary>x</summary> ]]> & \" ' \\", "line one\nline two\r\n\tthree", "\"; System.Environment.Exit(1); //",
        "{0} {{1}} $\"{x}\"", "class", "1x", "3d", "", "-", " ", "a-b.c@d e", "名前", "Émile", "\u200B", "true", "null", "System",
        "Task", "String", "Object", "@namespace", "\\u0022", new string('x', 5000), "#/components/schemas/Nope", "(a+)+$", "([",
        // Every line terminator C# knows, each followed by what would be code or a directive at a line start.
        "a\npublic static int Injected() { return 42; } //", "a\r#error injected", "a\u0085#error injected",
        "a\u2028public static int Injected() => 42; //", "a\u2029#error injected", "\"\"\" raw \"\"\"", "nul\0 and \u202E bidi",
    };

    private static readonly string[] Types = { "string", "integer", "number", "boolean", "object", "array", "null", "weird" };

    private static readonly string[] Formats = { "date-time", "date", "uuid", "uri", "byte", "binary", "int64", "int32", "float", "double", "email", "nonsense" };

    [Fact]
    public void TwoThousandMutatedSpecsNeverCrashTheGenerator()
    {
        var bases = new[]
        {
            Base(Specs.Cloud),
            Base(Specs.ComfyUi),
            Base(Specs.V2),
            Base(Specs.Test("workbench.yaml", "Workbench")),
        };
        var failures = new ConcurrentQueue<string>();
        var compiled = 0;
        var withErrors = 0;
        var diagnostics = 0;
        var done = 0;
        progress.Say(nameof(MutationTests), $"generating {Mutants} mutants of our specs and compiling those that get a client; a line every {ReportEvery}");

        Parallel.For(0, Mutants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
        {
            var random = new Random(Seed + index);
            var source = bases[index % bases.Length];
            var (text, description) = Mutate(source, random);
            var path = $"/mutants/{index}-{Path.GetFileName(source.Spec.Path)}";
            var spec = new SpecFile(path, text, source.Spec.Namespace, source.Spec.ClientName);

            try
            {
                Check(index, path, description, source, spec);
            }
            finally
            {
                var count = Interlocked.Increment(ref done);
                if (count % ReportEvery == 0)
                {
                    progress.Say(nameof(MutationTests), $"{count} of {Mutants} mutants: {Volatile.Read(ref compiled)} compiled, {Volatile.Read(ref withErrors)} with errors reported, {failures.Count} failures");
                }
            }
        });

        void Check(int index, string path, string description, BaseSpec source, SpecFile spec)
        {
            GeneratorRun run;
            try
            {
                run = GeneratorHost.Run(new[] { spec });
            }
            catch (Exception exception)
            {
                failures.Enqueue($"#{index} ({description}): {exception.GetType().Name} escaped: {exception.Message}");
                return;
            }

            Interlocked.Add(ref diagnostics, run.Diagnostics.Length);
            foreach (var diagnostic in run.Diagnostics)
            {
                if (diagnostic.Id is "CS8785" or "AD0001" or "CCG0999" or "CCG0012")
                {
                    failures.Enqueue($"#{index} ({description}): {Program.Format(diagnostic)}");
                }
                else if (diagnostic.Location == Location.None || diagnostic.Location.GetLineSpan().Path != path)
                {
                    failures.Enqueue($"#{index} ({description}): no location for {Program.Format(diagnostic)}");
                }
            }

            if (run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                Interlocked.Increment(ref withErrors);
                return;
            }

            // Compiling a mutant costs several times what generating it does, and since reader findings became
            // warnings nearly twice as many mutants get a client: every mutant of the small specs is compiled, and
            // every other one (by index) of the two large ones, which keeps the suite in its budget.
            if (source.Spec.Text.Length > LargeSpec && index % 2 != 0)
            {
                return;
            }

            var problems = GeneratorHost.CompileDiagnostics(run.Compilation);
            Interlocked.Increment(ref compiled);
            if (run.Compilation.SyntaxTrees.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()).Any(method => method.Identifier.ValueText == "Injected"))
            {
                failures.Enqueue($"#{index} ({description}): spec text became a method of the generated code");
            }

            foreach (var problem in problems.Take(3))
            {
                failures.Enqueue($"#{index} ({description}): generated code does not compile cleanly: {Program.Format(problem)}");
            }
        }

        output.WriteLine($"{Mutants} mutants: {withErrors} reported errors, {diagnostics} diagnostics in all, {compiled} compiled, {failures.Count} failures");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(30)));
        Assert.True(compiled >= MinimumCompiled, $"only {compiled} mutants were compiled");
    }

    private sealed record BaseSpec(SpecFile Spec, JsonNode Document);

    private static BaseSpec Base(SpecFile spec)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(spec.Text));
        return new BaseSpec(spec, YamlConverter.ToJsonNode(stream.Documents[0]));
    }

    private static (string Text, string Description) Mutate(BaseSpec source, Random random)
    {
        // One in eight mutants breaks the text itself; the rest change the structure.
        if (random.Next(8) == 0)
        {
            return MutateText(source.Spec.Text, random);
        }

        var document = source.Document.DeepClone();
        var applied = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            applied.Add(MutateNode(document, random));
        }

        return (document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), string.Join("; ", applied));
    }

    private static (string, string) MutateText(string text, Random random)
    {
        var at = random.Next(text.Length);
        switch (random.Next(3))
        {
            case 0:
                return (text[..at], $"truncated at {at}");
            case 1:
                var junk = new[] { ":", "\t", "[", "\"", "{", "- ", "&a", "*b", "!!x " }[random.Next(9)];
                return (text.Insert(at, junk), $"inserted '{junk}' at {at}");
            default:
                var lines = text.Split('\n');
                var a = random.Next(lines.Length);
                var b = random.Next(lines.Length);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return (string.Join('\n', lines), $"swapped lines {a} and {b}");
        }
    }

    private static string MutateNode(JsonNode document, Random random)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index, JsonNode? Value)>();
        Collect(document, slots);
        if (slots.Count == 0)
        {
            return "nothing to mutate";
        }

        var (parent, key, index, value) = slots[random.Next(slots.Count)];
        var where = value?.GetPath() ?? parent.GetPath() + "/" + (key ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        switch (random.Next(6))
        {
            case 0:
                Remove(parent, key, index);
                return "deleted " + where;
            case 1:
                if (parent is JsonObject duplicateInto && key is not null)
                {
                    duplicateInto[key + Pick(random, new[] { "Copy", "_2", "-dup", "X" })] = value?.DeepClone();
                }
                else if (parent is JsonArray array)
                {
                    array.Add(value?.DeepClone());
                }

                return "duplicated " + where;
            case 2:
                Set(parent, key, index, key switch
                {
                    "type" => random.Next(4) == 0 ? new JsonArray(JsonValue.Create(Pick(random, Types)), JsonValue.Create("null")) : JsonValue.Create(Pick(random, Types)),
                    "format" => JsonValue.Create(Pick(random, Formats)),
                    _ => Pick(random, new Func<JsonNode?>[] { () => JsonValue.Create("x"), () => JsonValue.Create(42), () => JsonValue.Create(-1.5e300), () => JsonValue.Create(true), () => null, () => new JsonObject(), () => new JsonArray() })(),
                });
                return "retyped " + where;
            case 3:
                if (parent is JsonObject renameIn && key is not null)
                {
                    var name = Pick(random, Hostile);
                    if (!renameIn.ContainsKey(name))
                    {
                        renameIn.Remove(key);
                        renameIn[name] = value;
                    }

                    return $"renamed {where} to '{Truncate(name)}'";
                }

                Set(parent, key, index, JsonValue.Create(Pick(random, Hostile)));
                return "replaced " + where;
            case 4:
                var references = slots.Where(s => s.Key == "$ref").ToList();
                var components = (document["components"]?["schemas"] as JsonObject)?.Select(pair => pair.Key).ToArray() ?? [];
                if (references.Count > 0 && (components.Length == 0 || random.Next(2) == 0))
                {
                    var target = references[random.Next(references.Count)];
                    Set(target.Parent, target.Key, target.Index, JsonValue.Create(Pick(random, new[] { "#/components/schemas/Missing", "#/nope", "other.yaml#/components/schemas/X", "#/components/schemas/", "#" })));
                    return "broke " + target.Parent.GetPath();
                }

                if (components.Length > 0)
                {
                    // A component schema made an alias of another, or of itself: alias cycles and chains.
                    var alias = Pick(random, components);
                    var aliased = Pick(random, components);
                    document["components"]!["schemas"]![alias] = new JsonObject { ["$ref"] = "#/components/schemas/" + aliased.Replace("~", "~0").Replace("/", "~1") };
                    return $"made {alias} an alias of {aliased}";
                }

                return "no reference to break";
            default:
                Set(parent, key, index, JsonValue.Create(Pick(random, Hostile)));
                return $"injected a hostile string at {where}";
        }
    }

    private static void Collect(JsonNode? node, List<(JsonNode, string?, int, JsonNode?)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var pair in obj.ToList())
                {
                    slots.Add((obj, pair.Key, -1, pair.Value));
                    Collect(pair.Value, slots);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, null, i, array[i]));
                    Collect(array[i], slots);
                }

                break;
        }
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (parent is JsonObject obj && key is not null)
        {
            obj.Remove(key);
        }
        else if (parent is JsonArray array && index >= 0 && index < array.Count)
        {
            array.RemoveAt(index);
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject obj && key is not null)
        {
            obj[key] = value;
        }
        else if (parent is JsonArray array && index >= 0 && index < array.Count)
        {
            array[index] = value;
        }
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
