using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>
/// The operations specs/comfyui.yaml marks <c>x-comfy-cloud-only: true</c> are the ones a local ComfyUI refuses: 404,
/// or 405 from its static file root for methods other than GET and HEAD. Read from the spec, so a mark that is wrong
/// either way shows up here or in the contract tests of the local operations.
/// </summary>
public sealed class CloudOnlyTests : ComfyUiTestBase
{
    public CloudOnlyTests(ComfyUiServer server) : base(server) { }

    [Fact]
    public async Task EveryCloudOnlyOperationIsRefusedByALocalServer()
    {
        var operations = CloudOnlyOperations();
        Assert.Equal(42, operations.Count);

        var answers = new List<string>();
        foreach (var (method, path) in operations)
        {
            // Path parameters get a value no server has; the route itself must be missing.
            var concrete = string.Concat(path.Split('{', '}').Select((part, i) => i % 2 == 1 ? Guid.NewGuid().ToString() : part));
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Server.BaseAddress, concrete.TrimStart('/')));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await Http.SendAsync(request);
            var expected = method is "GET" or "HEAD" ? 404 : 405;
            if ((int)response.StatusCode != expected)
            {
                answers.Add($"{method} {path}: {(int)response.StatusCode}, expected {expected}");
            }
        }

        Assert.Empty(answers);
    }

    private static List<(string Method, string Path)> CloudOnlyOperations()
    {
        // The spec's layout: paths at two spaces, methods at four, an operation's keys at six.
        var operations = new List<(string, string)>();
        string? path = null, method = null;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryRoot(), "specs", "comfyui.yaml")))
        {
            if (line.StartsWith("  /", StringComparison.Ordinal) && line.EndsWith(':'))
            {
                path = line.Trim().TrimEnd(':');
            }
            else if (path is not null && line.Length > 4 && line.StartsWith("    ", StringComparison.Ordinal) && line[4] != ' ' && line.EndsWith(':'))
            {
                method = line.Trim().TrimEnd(':').ToUpperInvariant();
            }
            else if (line == "      x-comfy-cloud-only: true")
            {
                operations.Add((method!, path!));
            }
            else if (line.Length > 0 && line[0] != ' ')
            {
                path = null; // components: and the rest
            }
        }

        return operations;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComfyCodegen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ComfyCodegen.sln above {AppContext.BaseDirectory}.");
    }
}
