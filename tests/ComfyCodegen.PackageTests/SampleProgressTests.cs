using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ComfyCodegen.Sample;
using ComfyCodegen.Workflows;
using Xunit;

namespace ComfyCodegen.PackageTests;

/// <summary>
/// The sample's progress as a user sees it: on a terminal (the written text played on a simulated screen, where '\r'
/// goes back to the start of the line and overwrites it) every bar keeps its final state on a line of its own; redirected,
/// plain lines, one per state.
/// </summary>
public sealed class SampleProgressTests : IDisposable
{
    private const long MiB = 1 << 20;
    private const string JobId = "6f1c2b0e-0000-4000-8000-000000000001";
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly StringWriter _written = new();

    // Sizes are written in the user's culture; the expected lines are spelled with a '.'.
    public SampleProgressTests() => CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

    public void Dispose() => CultureInfo.CurrentCulture = _culture;

    [Fact]
    public void OnATerminalEachBarKeepsItsFinalStateOnItsOwnLine()
    {
        RunCloudJob(new ProgressOutput(_written, interactive: true));

        Assert.Equal(
            new[]
            {
                "  upload input.bin [########################] 100% 8.0 MiB of 8.0 MiB",
                "Uploaded input.bin",
                "  job   completed",
                "  download ComfyUI_00001_.png [########################] 100% 2.0 KiB of 2.0 KiB",
                "Job finished",
            },
            Screen().Select(line => line.TrimEnd()));
    }

    [Fact]
    public void OnATerminalAStatusAloneShowsASpinnerNotAnEmptyBar()
    {
        var job = new ProgressOutput(_written, interactive: true).Bar("job");
        var seen = new List<string>();
        foreach (var status in new[] { "pending", "in_progress", "in_progress", "in_progress" })
        {
            job.Report(status);
            seen.Add(Assert.Single(Screen()).TrimEnd());
        }

        // A spinner that turns with every report (the job is alive), and no bar: there is no fraction to fill one.
        Assert.Equal(new[] { "  job / pending", "  job - in_progress", "  job \\ in_progress", "  job | in_progress" }, seen);
        Assert.DoesNotContain('[', _written.ToString());
        job.Done("completed");
        Assert.Equal("  job   completed", Assert.Single(Screen()).TrimEnd());
    }

    [Fact]
    public void OnATerminalABarThatStartsWhileAnotherIsOpenTakesANewLine()
    {
        var output = new ProgressOutput(_written, interactive: true);
        var job = output.Bar("job");
        job.Report("in_progress");

        // The download starts before the job's line was ended: the job's line stays, the download's goes below it.
        var download = output.Bar("download a.png");
        download.Report(MiB, 2 * MiB);
        Assert.Equal(new[] { "  job / in_progress", "  download a.png [############............]  50% 1.0 MiB of 2.0 MiB" }, Screen().Select(line => line.TrimEnd()));

        // A report of the job now starts a line of its own rather than writing over the download's.
        job.Report("in_progress");
        download.Report(2 * MiB, 2 * MiB);
        download.Done();
        Assert.Equal(
            new[]
            {
                "  job / in_progress",
                "  download a.png [############............]  50% 1.0 MiB of 2.0 MiB",
                "  job - in_progress",
                "  download a.png [########################] 100% 2.0 MiB of 2.0 MiB",
            },
            Screen().Select(line => line.TrimEnd()));
    }

    [Fact]
    public void OnATerminalANodeWithStepsShowsItsFractionAndEachNodeKeepsItsLine()
    {
        var progress = new JobProgress(new ProgressOutput(_written, interactive: true), "prompt");
        progress.Report(new WorkflowProgress(WorkflowStage.Queued, JobId, "pending"));
        progress.Report(new WorkflowProgress(WorkflowStage.Running, JobId, "running"));
        progress.Report(new WorkflowProgress(WorkflowStage.Running, JobId, "running") { NodeId = "1", NodeType = "LoadImage" });
        progress.Report(new WorkflowProgress(WorkflowStage.Running, JobId, "running") { NodeId = "3", NodeType = "KSampler" });
        for (var step = 1; step <= 4; step++)
        {
            progress.Report(new WorkflowProgress(WorkflowStage.Running, JobId, "running") { NodeId = "3", NodeType = "KSampler", Step = step, Steps = 4 });
            if (step == 1)
            {
                Assert.Equal("  node 3 (KSampler) [######..................]  25% step 1 of 4", Screen()[^1].TrimEnd());
            }
        }

        progress.Report(new WorkflowProgress(WorkflowStage.Running, JobId, "running") { NodeId = "9", NodeType = "SaveImage" });
        progress.Report(new WorkflowProgress(WorkflowStage.Downloading, JobId, "success", "out.png", 512, 1024));
        progress.Report(new WorkflowProgress(WorkflowStage.Downloading, JobId, "success", "out.png", 1024, 1024));
        progress.Report(new WorkflowProgress(WorkflowStage.Completed, JobId, "success"));

        Assert.Equal(
            new[]
            {
                "  prompt   running",
                "  node 1 (LoadImage)   running",
                "  node 3 (KSampler) [########################] 100% step 4 of 4",
                "  node 9 (SaveImage)   running",
                "  download out.png [########################] 100% 1.0 KiB of 1.0 KiB",
            },
            Screen().Select(line => line.TrimEnd()));
    }

    [Fact]
    public void OnATerminalAShorterTextErasesTheLongerOneOfItsOwnLineOnly()
    {
        var output = new ProgressOutput(_written, interactive: true);
        var job = output.Bar("job");
        job.Report("waiting for a machine to become free");
        var longest = Screen()[0].Length;
        job.Report("running");
        job.Done();
        output.Bar("download a.png").Report(1024, 1024);

        var screen = Screen();
        Assert.Equal("  job   running", screen[0].TrimEnd());
        Assert.Equal(longest, screen[0].Length);
        Assert.Equal("  download a.png [########################] 100% 1.0 KiB of 1.0 KiB", screen[1]);
    }

    [Fact]
    public void OnATerminalLinesAreCutToTheWidthSoTheyNeverWrap()
    {
        var bar = new ProgressOutput(_written, interactive: true, width: 40).Bar("download a-file-with-a-rather-long-name.png");
        bar.Report(MiB, 2 * MiB);
        bar.Report(2 * MiB, 2 * MiB);
        bar.Done();

        Assert.Equal("  download a-file-with-a-rather-long-na", Assert.Single(Screen()));
    }

    [Fact]
    public void RedirectedEachStateIsOnePlainLine()
    {
        RunCloudJob(new ProgressOutput(_written, interactive: false));

        var written = _written.ToString();
        Assert.DoesNotContain('\r', written);
        Assert.DoesNotContain('[', written);
        Assert.Equal(
            new[]
            {
                "  upload input.bin: 0% 0 B of 8.0 MiB",
                "  upload input.bin: 25% 2.0 MiB of 8.0 MiB",
                "  upload input.bin: 50% 4.0 MiB of 8.0 MiB",
                "  upload input.bin: 75% 6.0 MiB of 8.0 MiB",
                "  upload input.bin: 100% 8.0 MiB of 8.0 MiB",
                "Uploaded input.bin",
                "  job: pending",
                "  job: in_progress",
                "  job: completed",
                "  download ComfyUI_00001_.png: 25% 512 B of 2.0 KiB",
                "  download ComfyUI_00001_.png: 50% 1.0 KiB of 2.0 KiB",
                "  download ComfyUI_00001_.png: 75% 1.5 KiB of 2.0 KiB",
                "  download ComfyUI_00001_.png: 100% 2.0 KiB of 2.0 KiB",
                "Job finished",
            },
            Lines());
    }

    [Fact]
    public void RedirectedAFractionPrintsEachQuarterOnce()
    {
        var bar = new ProgressOutput(_written, interactive: false).Bar("upload a.bin");
        for (var done = 0L; done <= 100; done++)
        {
            bar.Report(done * 1024, 100 * 1024);
        }

        bar.Done();

        Assert.Equal(
            new[]
            {
                "  upload a.bin: 0% 0 B of 100.0 KiB",
                "  upload a.bin: 25% 25.0 KiB of 100.0 KiB",
                "  upload a.bin: 50% 50.0 KiB of 100.0 KiB",
                "  upload a.bin: 75% 75.0 KiB of 100.0 KiB",
                "  upload a.bin: 100% 100.0 KiB of 100.0 KiB",
            },
            Lines());
    }

    [Fact]
    public void RedirectedBytesOfUnknownLengthPrintTheStartAndTheEnd()
    {
        var bar = new ProgressOutput(_written, interactive: false).Bar("download a.png");
        for (var done = 1; done <= 10; done++)
        {
            bar.Report(done * 1024, null);
        }

        bar.Done();

        Assert.Equal(new[] { "  download a.png: 1.0 KiB", "  download a.png: 10.0 KiB" }, Lines());
    }

    [Fact]
    public void AWriterThatIsNotTheConsoleGetsPlainLines()
    {
        Assert.False(Program.ProgressFor(_written).Interactive);
    }

    /// <summary>The cloud job's reports in the order the cloud WorkflowRunner makes them, with what Program writes between.</summary>
    private void RunCloudJob(ProgressOutput output)
    {
        var upload = output.Bar("upload input.bin");
        for (var done = 0L; done <= 8 * MiB; done += MiB)
        {
            upload.Report(done, 8 * MiB);
        }

        upload.Done();
        _written.WriteLine("Uploaded input.bin");

        var progress = new JobProgress(output, "job");
        progress.Report(new WorkflowProgress(WorkflowStage.Queued, JobId, "pending"));
        for (var poll = 0; poll < 3; poll++)
        {
            progress.Report(new WorkflowProgress(WorkflowStage.Running, JobId, "in_progress"));
        }

        foreach (var done in new long[] { 512, 1024, 1536, 2048 })
        {
            progress.Report(new WorkflowProgress(WorkflowStage.Downloading, JobId, "completed", "ComfyUI_00001_.png", done, 2048));
        }

        progress.Report(new WorkflowProgress(WorkflowStage.Completed, JobId, "completed"));
        _written.WriteLine("Job finished");
    }

    private string[] Lines() => _written.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The written text as a terminal shows it: '\r' goes back to the start of the line, '\n' starts the next.</summary>
    private List<string> Screen()
    {
        var lines = new List<StringBuilder> { new() };
        var column = 0;
        foreach (var c in _written.ToString())
        {
            switch (c)
            {
                case '\r':
                    column = 0;
                    break;
                case '\n':
                    lines.Add(new StringBuilder());
                    column = 0;
                    break;
                default:
                    var line = lines[^1];
                    if (column < line.Length)
                    {
                        line[column] = c;
                    }
                    else
                    {
                        line.Append(c);
                    }

                    column++;
                    break;
            }
        }

        // The cursor's line after the last newline is not a line of output.
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines.Select(line => line.ToString()).ToList();
    }
}
