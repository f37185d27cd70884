using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ComfyCodegen.Cli;

/// <summary>
/// comfy-codegen generate SPEC --out DIR [--namespace N] [--client-name C] [--api-key-env VAR]
/// comfy-codegen check SPEC [--namespace N] [--client-name C] [--api-key-env VAR] [--warnaserror]
/// Exit code: 0 clean (warnings allowed unless --warnaserror), 1 errors, 2 bad usage, 3 the generator crashed.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage:
          comfy-codegen generate SPEC --out DIR [--namespace N] [--client-name C] [--api-key-env VAR]
              Writes exactly the files a build would add, and prints the generator's diagnostics.
          comfy-codegen check SPEC [--namespace N] [--client-name C] [--api-key-env VAR] [--warnaserror]
              Also compiles the generated code in memory against the runtime and prints compiler errors and warnings,
              and which of the spec's operations are generated. --warnaserror: a compiler warning fails the check
              (exit 1), as in a build with TreatWarningsAsErrors.
        """;

    /// <summary>Exit code when the generator itself failed (threw, or reported CS8784/CS8785/AD0001/CCG0999).</summary>
    public const int GeneratorCrashed = 3;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => Run(args, new ComfyCodegen.Generator.OpenApiClientGenerator());

    /// <summary>Runs the command line with <paramref name="generator"/>: ours, or a stand-in that tests make fail.</summary>
    public static int Run(string[] args, IIncrementalGenerator generator)
    {
        if (args.Length < 2 || args[0] is not ("generate" or "check"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var warningsAsErrors = args[0] == "check" && args.Skip(2).Contains("--warnaserror");
        var options = ParseOptions(args.Skip(2).Where(a => !(warningsAsErrors && a == "--warnaserror")).ToArray());
        if (options is null || (args[0] == "generate" && !options.ContainsKey("--out")))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var specPath = Path.GetFullPath(args[1]);
        if (!File.Exists(specPath))
        {
            Console.Error.WriteLine($"{args[1]}: error: file not found");
            return 1;
        }

        var spec = new SpecFile(specPath, File.ReadAllText(specPath), options.GetValueOrDefault("--namespace"), options.GetValueOrDefault("--client-name"), options.GetValueOrDefault("--api-key-env"));
        GeneratorRun run;
        try
        {
            run = GeneratorHost.Run(new[] { spec }, generator);
        }
        catch (Exception exception)
        {
            // The driver itself threw: nothing it produced can be trusted.
            Console.Error.WriteLine($"{specPath}: error: the generator crashed: {exception.GetType().Name}: {exception.Message}");
            return GeneratorCrashed;
        }

        var errors = Print(run.Diagnostics);
        var crashes = run.Diagnostics.Where(GeneratorHost.IsCrash).ToList();
        if (crashes.Count > 0)
        {
            // A build only warns (CS8785), but the client it gets is missing or incomplete; never call that clean.
            Console.Error.WriteLine($"{specPath}: error: the generator crashed ({string.Join(", ", crashes.Select(d => d.Id).Distinct())}); nothing it generated was written or checked");
            return GeneratorCrashed;
        }

        if (args[0] == "generate")
        {
            var directory = Path.GetFullPath(options["--out"]);
            Directory.CreateDirectory(directory);
            foreach (var (hintName, source) in run.Sources)
            {
                File.WriteAllText(Path.Combine(directory, hintName), source);
            }

            Console.WriteLine($"{run.Sources.Count} files written to {directory}");
        }
        else
        {
            var compile = GeneratorHost.CompileDiagnostics(run.Compilation);
            errors |= Print(compile);
            errors |= warningsAsErrors && compile.Any(d => d.Severity == DiagnosticSeverity.Warning);
            var declared = OperationCensus.InSpec(spec.Text);
            var generated = OperationCensus.Generated(run.Sources);
            foreach (var missing in declared.Except(generated).OrderBy(o => o, StringComparer.Ordinal))
            {
                Console.WriteLine($"{specPath}: not generated: {missing}");
            }

            Console.WriteLine($"{generated.Count(declared.Contains)} of {declared.Count} operations generated");
            Console.WriteLine($"{run.Sources.Count} files generated; {compile.Count(d => d.Severity == DiagnosticSeverity.Error)} compiler errors, {compile.Count(d => d.Severity == DiagnosticSeverity.Warning)} compiler warnings");
        }

        return errors ? 1 : 0;
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--out" or "--namespace" or "--client-name" or "--api-key-env") || i + 1 >= args.Length)
            {
                return null;
            }

            options[args[i]] = args[i + 1];
        }

        return options;
    }

    /// <summary>Prints diagnostics as file(line,col): severity ID: message; true when any is an error.</summary>
    private static bool Print(IEnumerable<Diagnostic> diagnostics)
    {
        var errors = false;
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.GetLineSpan().Path).ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Line))
        {
            Console.WriteLine(Format(diagnostic));
            errors |= diagnostic.Severity == DiagnosticSeverity.Error;
        }

        return errors;
    }

    /// <summary>One diagnostic in the compiler's own format, with 1-based line and column.</summary>
    public static string Format(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var severity = diagnostic.Severity.ToString().ToLowerInvariant();
        var where = span.IsValid ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : string.Empty;
        return $"{where}{severity} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
