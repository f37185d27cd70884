using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace ComfyCodegen.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot testing without Verify (not served here): the expected text lives in
/// Snapshots/{folder}/{name}.verified.txt beside this project's sources. On a mismatch the actual text is written
/// next to it as .received.txt and the test fails; set COMFY_ACCEPT_SNAPSHOTS=1 to accept received text.
/// </summary>
public static class Snapshot
{
    private const string AcceptVariable = "COMFY_ACCEPT_SNAPSHOTS";

    /// <summary>Compares a whole set of files: the same names, and each with the same text.</summary>
    public static void VerifyFiles(string folder, IReadOnlyDictionary<string, string> files, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(ProjectDirectory(callerPath), "Snapshots", folder);
        Directory.CreateDirectory(directory);
        var accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        var failures = new List<string>();

        foreach (var stale in Directory.GetFiles(directory, "*.verified.txt"))
        {
            var name = Path.GetFileName(stale)[..^".verified.txt".Length];
            if (!files.ContainsKey(name))
            {
                if (accept)
                {
                    File.Delete(stale);
                }
                else
                {
                    failures.Add($"{name}: verified but no longer generated");
                }
            }
        }

        foreach (var (name, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var verified = Path.Combine(directory, name + ".verified.txt");
            var received = Path.Combine(directory, name + ".received.txt");
            var normalized = Normalize(text);
            if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == normalized)
            {
                File.Delete(received);
                continue;
            }

            if (accept)
            {
                File.WriteAllText(verified, normalized);
                File.Delete(received);
                continue;
            }

            File.WriteAllText(received, normalized);
            failures.Add(File.Exists(verified) ? $"{name}: differs (see {received})" : $"{name}: new file (see {received})");
        }

        Assert.True(failures.Count == 0, $"Snapshot mismatch in {folder}; run with {AcceptVariable}=1 to accept:\n" + string.Join("\n", failures));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static string ProjectDirectory(string callerPath)
    {
        var directory = Path.GetDirectoryName(callerPath)!;
        while (!File.Exists(Path.Combine(directory, "ComfyCodegen.Generator.Tests.csproj")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("Test project directory not found.");
        }

        return directory;
    }
}
