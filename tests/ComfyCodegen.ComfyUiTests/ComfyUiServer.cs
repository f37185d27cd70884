using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>
/// One real ComfyUI server for the whole test run: <c>../shared/comfyui-server/start PORT</c> on a free loopback
/// port, <c>stop PORT</c> at the end. If it cannot start, every test of the collection fails with the script's
/// output — a contract test that did not talk to the server proves nothing, so it is never skipped.
/// </summary>
public sealed class ComfyUiServer : IAsyncLifetime
{
    /// <summary>Overrides where the start/stop scripts are (default: ../shared/comfyui-server beside the repository).</summary>
    public const string DirectoryVariable = "COMFYUI_SERVER_DIR";

    // The first start on a machine installs Debian packages; that can take minutes.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private readonly IMessageSink _log;
    private string? _scripts;

    public ComfyUiServer(IMessageSink log) => _log = log;

    /// <summary>The server's root, e.g. http://127.0.0.1:40123/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _scripts = FindScripts();
        Port = FreeLoopbackPort();
        Log($"starting ComfyUI: {Path.Combine(_scripts, "start")} {Port} (the first start installs packages and may take minutes)");
        var stopwatch = Stopwatch.StartNew();
        var (exitCode, output) = await RunScriptAsync("start", StartTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"ComfyUI did not start on port {Port} (exit {exitCode?.ToString() ?? "timeout"} after {stopwatch.Elapsed.TotalSeconds:F0} s):\n{output}");
        }

        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        Log($"ComfyUI ready at {BaseAddress} after {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    public async Task DisposeAsync()
    {
        if (_scripts is null || Port == 0)
        {
            return;
        }

        var (_, output) = await RunScriptAsync("stop", StopTimeout);
        Log(output.Trim());
    }

    private static string FindScripts()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComfyCodegen.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "comfyui-server"));
            }
        }

        throw new InvalidOperationException(
            $"No ComfyCodegen.sln above {AppContext.BaseDirectory}: cannot find ../shared/comfyui-server; set {DirectoryVariable}.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<(int? ExitCode, string Output)> RunScriptAsync(string script, TimeSpan timeout)
    {
        var path = Path.Combine(_scripts!, script);
        if (!File.Exists(path))
        {
            return (127, $"{path} does not exist (set {DirectoryVariable} to the folder holding start and stop)");
        }

        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        info.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var output = new StringBuilder();
        void Collect(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            Log($"{script}: {e.Data}");
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                return (null, output + $"\n{script} did not finish within {timeout.TotalMinutes:F0} min");
            }
        }

        process.WaitForExit(); // drains the asynchronous readers
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private void Log(string message)
    {
        _log.OnMessage(new DiagnosticMessage($"[ComfyUiServer] {message}"));
        Console.Error.WriteLine($"[ComfyUiServer] {message}");
    }
}

/// <summary>Every test class of this project belongs here, so the run shares one server.</summary>
[CollectionDefinition(Name)]
public sealed class ComfyUiCollection : ICollectionFixture<ComfyUiServer>
{
    public const string Name = "ComfyUI server";
}
