using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Operations;

/// <summary>
/// Workflow and job operations of the Cloud spec through the generated client: executePrompt, getPromptInfo,
/// getJobStatus, getJobDetail, listJobs, getQueueInfo, manageQueue, interruptJob, manageHistory, getHistory,
/// getHistoryForPrompt.
/// </summary>
public sealed class JobOperationTests : CloudOperationTestBase
{
    // ---- executePrompt ---------------------------------------------------------------------------

    [Fact]
    public async Task ExecutePrompt_SendsTheRequestAsTheSpecsJsonAndQueuesAPendingJob()
    {
        var body = new PromptRequest
        {
            Prompt = Json(WorkflowJson),
            Number = 5,
            Front = false,
            ExtraData = Json("""{"extra_pnginfo":{"workflow":{"id":"wf-1"}}}"""),
            PartialExecutionTargets = new[] { "9" },
        };

        PromptResponse response = await Client.ExecutePromptAsync(body);

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/prompt");
        AssertKeySent(request);
        AssertJsonBody(request, "{\"prompt\":" + WorkflowJson + ",\"number\":5,\"front\":false,\"extra_data\":{\"extra_pnginfo\":{\"workflow\":{\"id\":\"wf-1\"}}},\"partial_execution_targets\":[\"9\"]}");
        FakeJob job = Assert.Single(Cloud.State.Jobs);
        Assert.Equal(job.Id, response.PromptId);
        Assert.Equal(0.0, response.Number);
        Assert.Equal(JsonValueKind.Object, response.NodeErrors!.Value.ValueKind);
        Assert.Empty(response.NodeErrors.Value.EnumerateObject());
        Assert.Equal(FakeJobStatus.Pending, job.Status);
        Assert.Equal("wf-1", job.WorkflowId);
        Assert.Contains("SaveImage", job.PromptJson);
    }

    [Fact]
    public async Task ExecutePrompt_OptionalMembersLeftNullAreNotSent()
    {
        await Client.ExecutePromptAsync(new PromptRequest { Prompt = Json(WorkflowJson) });

        AssertJsonBody(SingleRequest(), "{\"prompt\":" + WorkflowJson + "}");
    }

    [Fact]
    public async Task ExecutePrompt_AnInvalidWorkflowIsA400CarryingThePromptErrorBody()
    {
        var body = new PromptRequest { Prompt = Json("""{"1":{"inputs":{}}}""") };

        // PromptErrorResponse is a free-form object in the spec, so the parsed error is a JsonElement.
        var exception = await Assert.ThrowsAsync<ApiException<JsonElement>>(() => Client.ExecutePromptAsync(body));

        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("invalid_prompt", exception.Error.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("class_type", exception.Error.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Object, exception.Error.GetProperty("node_errors").ValueKind);
        using var raw = JsonDocument.Parse(exception.Body!);
        Assert.Equal("invalid_prompt", raw.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("POST /api/prompt answered 400", exception.Message);
        Assert.Empty(Cloud.State.Jobs);
    }

    // ---- getPromptInfo ---------------------------------------------------------------------------

    [Fact]
    public async Task GetPromptInfo_CountsTheJobsStillQueued()
    {
        Guid first = await QueuePromptAsync();
        await QueuePromptAsync();
        Cloud.State.CompleteJob(first);

        PromptInfo info = await Client.GetPromptInfoAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/prompt");
        AssertKeySent(request);
        AssertNoBody(request);
        Assert.Equal(1, info.ExecInfo!.QueueRemaining);
    }

    [Fact]
    public async Task GetPromptInfo_WithAWrongKeyIsA401ErrorResponse()
    {
        using var client = ClientWithKey("not-the-key");

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => client.GetPromptInfoAsync());

        Assert.Equal(401, exception.StatusCode);
        Assert.Equal("unauthorized", exception.Error.Code);
        Assert.Equal("not-the-key", SingleRequest().Headers["X-API-Key"]);
    }

    // ---- getJobStatus ----------------------------------------------------------------------------

    [Fact]
    public async Task GetJobStatus_MovesFromPendingThroughInProgressToCompleted()
    {
        Guid id = await QueuePromptAsync();
        FakeJob queued = Cloud.State.GetJob(id)!;

        JobStatusResponse first = await Client.GetJobStatusAsync(id);
        JobStatusResponse second = await Client.GetJobStatusAsync(id);
        JobStatusResponse third = await Client.GetJobStatusAsync(id);
        JobStatusResponse fourth = await Client.GetJobStatusAsync(id);

        Assert.Equal(4, Cloud.Requests.Count);
        Assert.All(Cloud.Requests, r =>
        {
            AssertTarget(r, "GET", $"/api/job/{id:D}/status");
            AssertKeySent(r);
        });
        Assert.Equal(new[] { "pending", "in_progress", "completed", "completed" }, new[] { first, second, third, fourth }.Select(s => s.Status.Value));
        Assert.Equal(JobStatusResponseStatus.Pending, first.Status);
        Assert.Equal(JobStatusResponseStatus.InProgress, second.Status);
        Assert.Equal(JobStatusResponseStatus.Completed, third.Status);
        Assert.All(new[] { first, second, third }, s => Assert.True(s.Status.IsDefined));
        Assert.All(new[] { first, second, third }, s => Assert.Equal(id, s.Id));
        AssertCloseTo(queued.CreatedAt, first.CreatedAt);
        Assert.Null(first.AssignedInference);
        Assert.Equal("fake-inference-0", second.AssignedInference);
        Assert.True(third.UpdatedAt >= second.UpdatedAt);
        Assert.Null(third.ErrorMessage);
        Assert.Equal(FakeJobStatus.Completed, Cloud.State.GetJob(id)!.Status);
    }

    [Fact]
    public async Task GetJobStatus_OfAFailedJobIsErrorWithItsMessage()
    {
        Guid id = await QueuePromptAsync();
        Cloud.State.FailJob(id, "CUDA out of memory");

        JobStatusResponse status = await Client.GetJobStatusAsync(id);

        Assert.Equal(JobStatusResponseStatus.Error, status.Status);
        Assert.Equal("CUDA out of memory", status.ErrorMessage);
    }

    [Fact]
    public async Task GetJobStatus_OfAnUnknownJobIsA404ErrorResponse()
    {
        var id = Guid.NewGuid();

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetJobStatusAsync(id));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
        Assert.Contains(id.ToString("D"), exception.Error.Message);
        AssertTarget(SingleRequest(), "GET", $"/api/job/{id:D}/status");
    }

    // ---- getJobDetail ----------------------------------------------------------------------------

    [Fact]
    public async Task GetJobDetail_ShowsTheWorkflowThenTheOutputsOnceCompleted()
    {
        Guid id = await QueuePromptAsync(workflowId: "wf-detail");

        JobDetailResponse pending = await Client.GetJobDetailAsync(id);
        JobDetailResponse running = await Client.GetJobDetailAsync(id);
        JobDetailResponse done = await Client.GetJobDetailAsync(id);

        Assert.All(Cloud.Requests, r =>
        {
            AssertTarget(r, "GET", $"/api/jobs/{id:D}");
            AssertKeySent(r);
        });
        Assert.Equal(JobDetailResponseStatus.Pending, pending.Status);
        Assert.Equal(JobDetailResponseStatus.InProgress, running.Status);
        Assert.Equal(JobDetailResponseStatus.Completed, done.Status);
        Assert.Equal(id, done.Id);
        Assert.Equal("wf-detail", done.WorkflowId);
        Assert.Equal("SaveImage", pending.Workflow!.Value.GetProperty("prompt").GetProperty("9").GetProperty("class_type").GetString());
        Assert.Null(pending.Outputs);
        string output = Assert.Single(Cloud.State.GetJob(id)!.OutputFiles);
        Assert.Equal(output, done.Outputs!.Value.GetProperty("9").GetProperty("images")[0].GetProperty("filename").GetString());
        Assert.Equal(output, done.PreviewOutput!.Value.GetProperty("filename").GetString());
        Assert.Equal(1, done.OutputsCount);
        Assert.True(done.ExecutionStatus!.Value.GetProperty("completed").GetBoolean());
        Assert.Equal(Cloud.State.GetJob(id)!.CreatedAt.ToUnixTimeSeconds(), done.CreateTime);
        Assert.True(done.UpdateTime >= done.CreateTime);
        Assert.Null(done.ExecutionError);
    }

    [Fact]
    public async Task GetJobDetail_OfAFailedJobCarriesTheExecutionError()
    {
        Guid id = await QueuePromptAsync();
        Cloud.State.FailJob(id, "boom");

        JobDetailResponse detail = await Client.GetJobDetailAsync(id);

        Assert.Equal(JobDetailResponseStatus.Failed, detail.Status);
        ExecutionError error = Assert.IsType<ExecutionError>(detail.ExecutionError);
        Assert.Equal("9", error.NodeId);
        Assert.Equal("SaveImage", error.NodeType);
        Assert.Equal("boom", error.ExceptionMessage);
        Assert.Equal("RuntimeError", error.ExceptionType);
        Assert.Equal("RuntimeError: boom", error.Traceback[^1]);
        Assert.Equal(JsonValueKind.Object, error.CurrentInputs.ValueKind);
    }

    [Fact]
    public async Task GetJobDetail_OfAnUnknownJobIsA404ErrorResponse()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetJobDetailAsync(Guid.NewGuid()));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
    }

    // ---- listJobs --------------------------------------------------------------------------------

    [Fact]
    public async Task ListJobs_SendsEveryFilterAndReturnsTheMatchingPage()
    {
        Guid wanted = await QueuePromptAsync(workflowId: "wf-1");
        Guid otherWorkflow = await QueuePromptAsync(workflowId: "wf-2");
        await QueuePromptAsync(workflowId: "wf-1");
        Cloud.State.CompleteJob(wanted);
        Cloud.State.CompleteJob(otherWorkflow);

        JobsListResponse page = await Client.ListJobsAsync(
            status: "completed",
            workflowId: "wf-1",
            outputType: ListJobsOutputType.Image,
            sortBy: ListJobsSortBy.ExecutionTime,
            sortOrder: ListJobsSortOrder.Asc,
            offset: 0,
            limit: 10);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/jobs", "?status=completed&workflow_id=wf-1&output_type=image&sort_by=execution_time&sort_order=asc&offset=0&limit=10");
        AssertKeySent(request);
        JobEntry job = Assert.Single(page.Jobs);
        FakeJob state = Cloud.State.GetJob(wanted)!;
        Assert.Equal(wanted, job.Id);
        Assert.Equal(JobEntryStatus.Completed, job.Status);
        Assert.Equal("wf-1", job.WorkflowId);
        Assert.Equal(1, job.OutputsCount);
        Assert.Equal(state.OutputFiles[0], job.PreviewOutput!.Value.GetProperty("filename").GetString());
        Assert.Equal(state.CreatedAt.ToUnixTimeSeconds(), job.CreateTime);
        Assert.NotNull(job.ExecutionStartTime);
        Assert.True(job.ExecutionEndTime >= job.ExecutionStartTime);
        Assert.Equal(new PaginationInfo { Offset = 0, Limit = 10, Total = 1, HasMore = false }, page.Pagination);
    }

    [Fact]
    public async Task ListJobs_DefaultsAreTheSpecsAndListNewestFirst()
    {
        Guid first = await QueuePromptAsync();
        Guid second = await QueuePromptAsync();
        Guid third = await QueuePromptAsync();
        Cloud.State.FailJob(second);

        JobsListResponse page = await Client.ListJobsAsync();

        AssertTarget(SingleRequest(), "GET", "/api/jobs", "?offset=0&limit=100");
        Assert.Equal(new[] { third, second, first }, page.Jobs.Select(j => j.Id));
        Assert.Equal(new[] { JobEntryStatus.Pending, JobEntryStatus.Failed, JobEntryStatus.Pending }, page.Jobs.Select(j => j.Status));
        Assert.Equal("CUDA out of memory", page.Jobs[1].ExecutionError!.ExceptionMessage);
        Assert.Equal(3, page.Pagination.Total);
        Assert.Equal(100, page.Pagination.Limit);
    }

    [Fact]
    public async Task ListJobs_AnUnlistedOptionalEnumIsRefusedBeforeAnythingIsSent()
    {
        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.ListJobsAsync(sortBy: new ListJobsSortBy("size")));

        Assert.Equal("sortBy", exception.ParamName);
        Assert.Contains("\"size\", which is not one of the values the API defines for ListJobsSortBy", exception.Message);
        Assert.Empty(Cloud.Requests);
    }

    [Fact]
    public async Task ListJobs_PagesWithOffsetAndLimit()
    {
        for (int i = 0; i < 3; i++)
        {
            await QueuePromptAsync();
        }

        JobsListResponse page = await Client.ListJobsAsync(status: "pending,completed", offset: 1, limit: 1);

        AssertTarget(SingleRequest(), "GET", "/api/jobs", "?status=pending%2Ccompleted&offset=1&limit=1");
        Assert.Single(page.Jobs);
        Assert.Equal(new PaginationInfo { Offset = 1, Limit = 1, Total = 3, HasMore = true }, page.Pagination);
    }

    // ---- getQueueInfo ----------------------------------------------------------------------------

    [Fact]
    public async Task GetQueueInfo_ListsRunningAndPendingJobsAsFiveElementTuples()
    {
        Guid running = await QueuePromptAsync();
        Guid pending = await QueuePromptAsync();
        Cloud.State.AdvanceJob(running);

        QueueInfo queue = await Client.GetQueueInfoAsync();

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/queue");
        AssertKeySent(request);
        var runningItem = Assert.Single(queue.QueueRunning!);
        var pendingItem = Assert.Single(queue.QueuePending!);
        Assert.Equal(5, runningItem.Count);
        Assert.Equal(1, runningItem[0].AsInt32);
        Assert.Equal(running.ToString("D"), runningItem[1].AsString);
        Assert.True(runningItem[2].IsJson);
        Assert.Equal("KSampler", runningItem[2].AsJson!.Value.GetProperty("3").GetProperty("class_type").GetString());
        Assert.Equal(new[] { "9" }, runningItem[3].AsStringList);
        Assert.Equal(Cloud.State.GetJob(running)!.CreatedAt.ToUnixTimeMilliseconds(), runningItem[4].AsJson!.Value.GetProperty("create_time").GetInt64());
        Assert.Equal(2, pendingItem[0].AsInt32);
        Assert.Equal(pending.ToString("D"), pendingItem[1].AsString);
    }

    [Fact]
    public async Task GetQueueInfo_AfterAJobFinishedTheQueueIsEmpty()
    {
        Guid id = await QueuePromptAsync();
        Cloud.State.CompleteJob(id);

        QueueInfo queue = await Client.GetQueueInfoAsync();

        Assert.Empty(queue.QueueRunning!);
        Assert.Empty(queue.QueuePending!);
    }

    // ---- manageQueue -----------------------------------------------------------------------------

    [Fact]
    public async Task ManageQueue_DeletesTheNamedPendingJobThenClearsTheRest()
    {
        Guid first = await QueuePromptAsync();
        Guid second = await QueuePromptAsync();

        QueueManageResponse deleted = await Client.ManageQueueAsync(new QueueManageRequest { Delete = new[] { first.ToString("D") } });

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/queue");
        AssertKeySent(request);
        AssertJsonBody(request, $$"""{"delete":["{{first:D}}"]}""");
        Assert.Equal(new[] { first.ToString("D") }, deleted.Deleted);
        Assert.False(deleted.Cleared);
        Assert.Equal(FakeJobStatus.Cancelled, Cloud.State.GetJob(first)!.Status);
        Assert.Equal(FakeJobStatus.Pending, Cloud.State.GetJob(second)!.Status);

        Cloud.ClearRequests();
        QueueManageResponse cleared = await Client.ManageQueueAsync(new QueueManageRequest { Clear = true });

        AssertJsonBody(SingleRequest(), """{"clear":true}""");
        Assert.Equal(new[] { second.ToString("D") }, cleared.Deleted);
        Assert.True(cleared.Cleared);
        Assert.Equal(FakeJobStatus.Cancelled, Cloud.State.GetJob(second)!.Status);
    }

    // ---- interruptJob ----------------------------------------------------------------------------

    [Fact]
    public async Task InterruptJob_CancelsTheRunningJobOnlyAndSendsNoBody()
    {
        Guid running = await QueuePromptAsync();
        Guid waiting = await QueuePromptAsync();
        Cloud.State.AdvanceJob(running);

        await Client.InterruptJobAsync();

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/interrupt");
        AssertKeySent(request);
        Assert.Equal(0, request.BodyLength);
        Assert.Equal(FakeJobStatus.Cancelled, Cloud.State.GetJob(running)!.Status);
        Assert.Equal(FakeJobStatus.Pending, Cloud.State.GetJob(waiting)!.Status);
    }

    [Fact]
    public async Task InterruptJob_WithoutAKeyIsA401ErrorResponse()
    {
        using var client = ClientWithKey(null);

        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => client.InterruptJobAsync());

        Assert.Equal(401, exception.StatusCode);
        Assert.Contains("X-API-Key", exception.Error.Message);
        AssertNoKeySent(SingleRequest());
    }

    // ---- history ---------------------------------------------------------------------------------

#pragma warning disable CS0618 // getHistory and getHistoryForPrompt are deprecated in the spec; they are still operations to test.

    [Fact]
    public async Task GetHistory_ListsFinishedJobsOnlyWithoutTheWorkflow()
    {
        Guid done = await QueuePromptAsync(workflowId: "wf-h");
        await QueuePromptAsync();
        Cloud.State.CompleteJob(done);

        HistoryResponse history = await Client.GetHistoryAsync(maxItems: 5, offset: 0);

        var request = SingleRequest();
        AssertTarget(request, "GET", "/api/history_v2", "?max_items=5&offset=0");
        AssertKeySent(request);
        HistoryEntry entry = Assert.Single(history.History);
        Assert.Equal(done.ToString("D"), entry.PromptId);
        Assert.Equal("wf-h", entry.WorkflowId);
        Assert.Equal(Cloud.State.GetJob(done)!.CreatedAt.ToUnixTimeMilliseconds(), entry.CreateTime);
        Assert.Equal(0.0, entry.Prompt!.Priority);
        Assert.Equal(done.ToString("D"), entry.Prompt.PromptId);
        Assert.False(entry.Prompt.ExtraData!.Value.GetProperty("extra_pnginfo").TryGetProperty("workflow", out _));
        Assert.Equal(Cloud.State.GetJob(done)!.OutputFiles[0], entry.Outputs!.Value.GetProperty("9").GetProperty("images")[0].GetProperty("filename").GetString());
        Assert.Equal("success", entry.Status!.Value.GetProperty("status_str").GetString());
    }

    [Fact]
    public async Task GetHistory_DefaultsSendOnlyTheOffset()
    {
        HistoryResponse history = await Client.GetHistoryAsync();

        AssertTarget(SingleRequest(), "GET", "/api/history_v2", "?offset=0");
        Assert.Empty(history.History);
    }

    [Fact]
    public async Task GetHistoryForPrompt_IsEmptyWhileRunningThenTheFullRecord()
    {
        Guid id = await QueuePromptAsync();

        var before = await Client.GetHistoryForPromptAsync(id.ToString("D"));
        Cloud.State.CompleteJob(id);
        var after = await Client.GetHistoryForPromptAsync(id.ToString("D"));

        Assert.All(Cloud.Requests, r =>
        {
            AssertTarget(r, "GET", $"/api/history_v2/{id:D}");
            AssertKeySent(r);
        });
        Assert.Empty(before);
        var (key, entry) = Assert.Single(after);
        Assert.Equal(id.ToString("D"), key);
        Assert.Equal(id.ToString("D"), entry.Prompt!.PromptId);
        Assert.Equal("SaveImage", entry.Prompt.Prompt!.Value.GetProperty("9").GetProperty("class_type").GetString());
        Assert.Equal(new[] { "9" }, entry.Prompt.OutputsToExecute);
        Assert.True(entry.Status!.Value.GetProperty("completed").GetBoolean());
        Assert.Equal(JsonValueKind.Object, entry.Meta!.Value.GetProperty("9").ValueKind);
    }

    [Fact]
    public async Task GetHistoryForPrompt_OfAnUnknownPromptIsA404ErrorResponse()
    {
        var exception = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client.GetHistoryForPromptAsync("no-such-prompt"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal("not_found", exception.Error.Code);
        AssertTarget(SingleRequest(), "GET", "/api/history_v2/no-such-prompt");
    }

    // ---- manageHistory ---------------------------------------------------------------------------

    [Fact]
    public async Task ManageHistory_DeletesTheNamedEntryThenClearsTheRest()
    {
        Guid first = await QueuePromptAsync();
        Guid second = await QueuePromptAsync();
        Guid stillRunning = await QueuePromptAsync();
        Cloud.State.CompleteJob(first);
        Cloud.State.CompleteJob(second);

        await Client.ManageHistoryAsync(new HistoryManageRequest { Delete = new[] { first.ToString("D") } });

        var request = SingleRequest();
        AssertTarget(request, "POST", "/api/history");
        AssertKeySent(request);
        AssertJsonBody(request, $$"""{"delete":["{{first:D}}"]}""");
        Assert.Null(Cloud.State.GetJob(first));
        Assert.NotNull(Cloud.State.GetJob(second));
        Assert.Equal(new[] { second.ToString("D") }, (await Client.GetHistoryAsync()).History.Select(h => h.PromptId));

        Cloud.ClearRequests();
        await Client.ManageHistoryAsync(new HistoryManageRequest { Clear = true });

        AssertJsonBody(Cloud.Requests[0], """{"clear":true}""");
        Assert.Empty((await Client.GetHistoryAsync()).History);
        Assert.Equal(new[] { stillRunning }, Cloud.State.Jobs.Select(j => j.Id));
    }

#pragma warning restore CS0618

    // ---- the whole flow --------------------------------------------------------------------------

    [Fact]
    public async Task APromptRunsToCompletionAndItsOutputCanBeDownloaded()
    {
        Cloud.State.ViewMode = ViewResponseMode.Direct;
        Guid id = await QueuePromptAsync();

        while ((await Client.GetJobStatusAsync(id)).Status != JobStatusResponseStatus.Completed)
        {
            Assert.True(Cloud.Requests.Count < 5, "the job never completed");
        }

        JobDetailResponse detail = await Client.GetJobDetailAsync(id);
        string filename = detail.Outputs!.Value.GetProperty("9").GetProperty("images")[0].GetProperty("filename").GetString()!;
        using ApiFileResponse file = await Client.ViewFileAsync(filename, type: "output");

        Assert.Equal(3, Cloud.Requests.Count(r => r.Path.EndsWith("/status", StringComparison.Ordinal)));
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(Cloud.State.GetFileContent(filename), await ReadAllAsync(file.Content));
    }
}
