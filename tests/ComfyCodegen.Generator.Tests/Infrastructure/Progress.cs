using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComfyCodegen.Generator.Tests.Infrastructure;

/// <summary>
/// Lines a long test writes to the console while it runs (xunit's diagnostic messages, switched on in
/// xunit.runner.json), so that `dotnet test` says what it is doing instead of sitting silent for minutes.
/// </summary>
public sealed class Progress(IMessageSink sink)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Say(string test, string message) =>
        sink.OnMessage(new DiagnosticMessage($"[{test}] {message} ({_clock.Elapsed.TotalSeconds:F0} s)"));
}
