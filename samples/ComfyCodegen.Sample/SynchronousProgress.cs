using System;
using ComfyCodegen.Workflows;

namespace ComfyCodegen.Sample;

/// <summary>Reports on the runner's thread, in order: Progress&lt;T&gt; would post reports to the thread pool and reorder lines.</summary>
internal sealed class SynchronousProgress(Action<WorkflowProgress> report) : IProgress<WorkflowProgress>
{
    public void Report(WorkflowProgress value) => report(value);
}
