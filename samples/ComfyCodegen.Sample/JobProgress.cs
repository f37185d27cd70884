using System;
using ComfyCodegen.Workflows;

namespace ComfyCodegen.Sample;

/// <summary>
/// Shows a workflow run: a status line for the job, a line per node when the server says which one runs (a ComfyUI
/// of your own does, over /ws), a bar per downloaded file. Each line ends, with its final state, before the next
/// begins. Reports are shown on the runner's thread as they come: Progress&lt;T&gt; would post them to the thread
/// pool and reorder the lines.
/// </summary>
internal sealed class JobProgress(ProgressOutput output, string label) : IProgress<WorkflowProgress>
{
    private ProgressBar? _job;
    private ProgressBar? _node;
    private string? _nodeId;
    private ProgressBar? _download;
    private string? _fileName;

    public void Report(WorkflowProgress value)
    {
        switch (value.Stage)
        {
            case WorkflowStage.Queued:
            case WorkflowStage.Running when value.NodeId is null:
                (_job ??= output.Bar(label)).Report(value.Status);
                break;
            case WorkflowStage.Running:
                if (_node is null || value.NodeId != _nodeId)
                {
                    // The job's line keeps the state it reached, the previous node's its last step; the node gets its own line.
                    _job?.Done();
                    _node?.Done();
                    _nodeId = value.NodeId;
                    _node = output.Bar($"node {value.NodeId} ({value.NodeType})");
                }

                if (value is { Step: { } step, Steps: { } steps and > 0 })
                {
                    _node.Report($"step {step:0} of {steps:0}", step / steps);
                }
                else
                {
                    _node.Report(value.Status);
                }

                break;
            case WorkflowStage.Downloading:
                if (_download is null || value.FileName != _fileName)
                {
                    // The job has run: its line ends with the final status before the first download's bar starts below it.
                    _job?.Done(value.Status);
                    _node?.Done();
                    _download?.Done();
                    _fileName = value.FileName;
                    _download = output.Bar("download " + value.FileName);
                }

                _download.Report(value.BytesDone, value.BytesTotal);
                break;
            case WorkflowStage.Completed:
                _job?.Done(value.Status);
                _node?.Done();
                _download?.Done();
                break;
        }
    }
}
