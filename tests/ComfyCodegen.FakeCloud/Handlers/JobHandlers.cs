using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ComfyCodegen.FakeCloud.Infrastructure;

namespace ComfyCodegen.FakeCloud.Handlers;

/// <summary>/api/prompt, /api/jobs*, /api/job/{id}/status, /api/history*, /api/queue, /api/interrupt.</summary>
internal static class JobHandlers
{
    private static readonly string[] EntryStatuses = { "pending", "in_progress", "completed", "failed", "cancelled" };

    // ---- prompt ------------------------------------------------------------------------------

    public static async Task ExecutePromptAsync(Call call)
    {
        JsonObject body;
        try
        {
            body = await call.ReadJsonObjectAsync().ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            await call.JsonAsync(400, PromptError("invalid_prompt", ex.Message, string.Empty)).ConfigureAwait(false);
            return;
        }

        JsonObject? error = Validate(body, out JsonObject prompt, out JsonObject extra, out List<string> targets);
        if (error is not null)
        {
            await call.JsonAsync(400, error).ConfigureAwait(false);
            return;
        }

        string outputNode = targets.Count > 0 ? targets[0] : PickOutputNode(prompt);
        string? workflowId = extra["extra_pnginfo"]?["workflow"]?["id"] is JsonValue wid && wid.GetValueKind() == JsonValueKind.String ? wid.GetValue<string>() : null;

        JobRecord job;
        lock (call.State.Gate)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            job = new JobRecord
            {
                Id = Guid.NewGuid(),
                Seq = call.State.NextSeq(),
                Number = call.State.NextPromptNumber(),
                Prompt = prompt,
                ExtraData = extra,
                OutputsToExecute = targets.Count > 0 ? targets : new List<string> { outputNode },
                OutputNodeId = outputNode,
                WorkflowId = workflowId,
                Status = FakeJobStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
                LastStateUpdate = now,
            };
            call.State.JobMap[job.Id] = job;
        }

        await call.JsonAsync(200, new JsonObject
        {
            ["prompt_id"] = job.Id.ToString("D"),
            ["number"] = job.Number,
            ["node_errors"] = new JsonObject(),
        }).ConfigureAwait(false);
    }

    public static Task GetPromptInfoAsync(Call call)
    {
        int remaining;
        lock (call.State.Gate)
        {
            remaining = call.State.JobMap.Values.Count(j => j.Status is FakeJobStatus.Pending or FakeJobStatus.InProgress);
        }

        return call.JsonAsync(200, new JsonObject { ["exec_info"] = new JsonObject { ["queue_remaining"] = remaining } });
    }

    // ---- jobs --------------------------------------------------------------------------------

    public static Task ListJobsAsync(Call call)
    {
        List<string> statuses = call.QueryList("status");
        foreach (string s in statuses)
        {
            if (Array.IndexOf(EntryStatuses, s) < 0)
            {
                throw ApiException.InvalidParameter($"unknown status '{s}'; expected {string.Join(", ", EntryStatuses)}");
            }
        }

        string? workflowId = call.QueryString("workflow_id");
        string? outputType = call.QueryString("output_type") is null ? null : call.QueryEnum("output_type", "image", "image", "video", "audio");
        string sortBy = call.QueryEnum("sort_by", "create_time", "create_time", "execution_time");
        string sortOrder = call.QueryEnum("sort_order", "desc", "asc", "desc");
        long offset = call.QueryInt("offset", 0, null, 0);
        long limit = call.QueryInt("limit", 1, 1000, 100);

        JsonObject result;
        lock (call.State.Gate)
        {
            List<JobRecord> matching = call.State.JobMap.Values
                .Where(j => statuses.Count == 0 || statuses.Contains(EntryStatus(j.Status)))
                .Where(j => workflowId is null || j.WorkflowId == workflowId)
                .Where(j => outputType is null || (j.Status == FakeJobStatus.Completed && j.OutputFiles.Count > 0 && outputType == "image"))
                .ToList();

            IEnumerable<JobRecord> sorted;
            if (sortBy == "execution_time")
            {
                // Jobs that never ran (no duration) go last in either direction.
                var timed = matching.Where(j => Duration(j) is not null);
                var untimed = matching.Where(j => Duration(j) is null).OrderByDescending(j => j.Seq);
                sorted = (sortOrder == "asc" ? timed.OrderBy(j => Duration(j)).ThenBy(j => j.Seq) : timed.OrderByDescending(j => Duration(j)).ThenByDescending(j => j.Seq)).Concat(untimed);
            }
            else
            {
                sorted = sortOrder == "asc" ? matching.OrderBy(j => j.Seq) : matching.OrderByDescending(j => j.Seq);
            }

            List<JobRecord> page = sorted.Skip((int)Math.Min(offset, int.MaxValue)).Take((int)limit).ToList();
            var jobs = new JsonArray();
            foreach (JobRecord j in page)
            {
                jobs.Add(JobEntryJson(j, detail: false));
            }

            result = new JsonObject
            {
                ["jobs"] = jobs,
                ["pagination"] = new JsonObject
                {
                    ["offset"] = offset,
                    ["limit"] = limit,
                    ["total"] = matching.Count,
                    ["has_more"] = offset + page.Count < matching.Count,
                },
            };
        }

        return call.JsonAsync(200, result);
    }

    public static Task GetJobDetailAsync(Call call)
    {
        JsonObject json;
        lock (call.State.Gate)
        {
            JobRecord j = FindJob(call, "job_id");
            json = JobEntryJson(j, detail: true);
            if (call.State.AutoAdvanceJobs)
            {
                call.State.Advance(j);
            }
        }

        return call.JsonAsync(200, json);
    }

    public static Task GetJobStatusAsync(Call call)
    {
        JsonObject json;
        lock (call.State.Gate)
        {
            JobRecord j = FindJob(call, "job_id");
            json = new JsonObject
            {
                ["id"] = j.Id.ToString("D"),
                ["status"] = j.Status switch
                {
                    FakeJobStatus.Pending => "pending",
                    FakeJobStatus.InProgress => "in_progress",
                    FakeJobStatus.Completed => "completed",
                    FakeJobStatus.Failed => "error",
                    _ => "cancelled",
                },
                ["created_at"] = JsonUtil.Iso(j.CreatedAt),
                ["updated_at"] = JsonUtil.Iso(j.UpdatedAt),
                ["last_state_update"] = JsonUtil.Iso(j.LastStateUpdate),
                ["assigned_inference"] = j.AssignedInference,
                ["error_message"] = j.ErrorMessage,
            };
            if (call.State.AutoAdvanceJobs)
            {
                call.State.Advance(j);
            }
        }

        return call.JsonAsync(200, json);
    }

    // ---- history -----------------------------------------------------------------------------

    public static Task GetHistoryAsync(Call call)
    {
        long? maxItems = call.QueryIntOrNull("max_items", 0, null);
        long offset = call.QueryInt("offset", 0, null, 0);

        var history = new JsonArray();
        lock (call.State.Gate)
        {
            IEnumerable<JobRecord> finished = call.State.JobMap.Values.Where(j => j.IsFinished).OrderByDescending(j => j.Seq).Skip((int)Math.Min(offset, int.MaxValue));
            if (maxItems is long max)
            {
                finished = finished.Take((int)Math.Min(max, int.MaxValue));
            }

            foreach (JobRecord j in finished)
            {
                var extra = (JsonObject)j.ExtraData.DeepClone();
                if (extra["extra_pnginfo"] is JsonObject png)
                {
                    png.Remove("workflow");
                }

                var entry = new JsonObject
                {
                    ["prompt_id"] = j.Id.ToString("D"),
                    ["create_time"] = JsonUtil.UnixMs(j.CreatedAt),
                };
                if (j.WorkflowId is not null)
                {
                    entry["workflow_id"] = j.WorkflowId;
                }

                entry["prompt"] = new JsonObject
                {
                    ["priority"] = j.Number,
                    ["prompt_id"] = j.Id.ToString("D"),
                    ["extra_data"] = extra,
                };
                entry["outputs"] = OutputsJson(j);
                entry["status"] = StatusJson(j);
                entry["meta"] = MetaJson(j);
                history.Add(entry);
            }
        }

        return call.JsonAsync(200, new JsonObject { ["history"] = history });
    }

    public static Task GetHistoryForPromptAsync(Call call)
    {
        var result = new JsonObject();
        lock (call.State.Gate)
        {
            JobRecord j = FindJob(call, "prompt_id");
            if (j.IsFinished)
            {
                result[j.Id.ToString("D")] = new JsonObject
                {
                    ["prompt"] = new JsonObject
                    {
                        ["priority"] = j.Number,
                        ["prompt_id"] = j.Id.ToString("D"),
                        ["prompt"] = j.Prompt.DeepClone(),
                        ["extra_data"] = j.ExtraData.DeepClone(),
                        ["outputs_to_execute"] = JsonUtil.Strings(j.OutputsToExecute),
                    },
                    ["outputs"] = OutputsJson(j),
                    ["status"] = StatusJson(j),
                    ["meta"] = MetaJson(j),
                };
            }
        }

        // A job that has not finished yet has no history: {} (as ComfyUI answers).
        return call.JsonAsync(200, result);
    }

    public static async Task ManageHistoryAsync(Call call)
    {
        JsonObject body = await call.ReadJsonObjectAsync().ConfigureAwait(false);
        JsonUtil.OnlyProperties(body, "delete", "clear");
        List<string> delete = JsonUtil.OptStringArray(body, "delete") ?? new List<string>();
        bool clear = JsonUtil.OptBool(body, "clear") ?? false;

        lock (call.State.Gate)
        {
            foreach (JobRecord j in call.State.JobMap.Values.Where(j => j.IsFinished && (clear || delete.Contains(j.Id.ToString("D"), StringComparer.OrdinalIgnoreCase))).ToList())
            {
                call.State.JobMap.Remove(j.Id);
            }
        }

        await call.EmptyAsync(200).ConfigureAwait(false);
    }

    // ---- queue -------------------------------------------------------------------------------

    public static Task GetQueueInfoAsync(Call call)
    {
        var running = new JsonArray();
        var pending = new JsonArray();
        lock (call.State.Gate)
        {
            int position = 0;
            foreach (JobRecord j in call.State.JobMap.Values.Where(j => j.Status == FakeJobStatus.InProgress).OrderBy(j => j.Seq))
            {
                running.Add(QueueItem(j, ++position));
            }

            foreach (JobRecord j in call.State.JobMap.Values.Where(j => j.Status == FakeJobStatus.Pending).OrderBy(j => j.Seq))
            {
                pending.Add(QueueItem(j, ++position));
            }
        }

        return call.JsonAsync(200, new JsonObject { ["queue_running"] = running, ["queue_pending"] = pending });
    }

    public static async Task ManageQueueAsync(Call call)
    {
        JsonObject body = await call.ReadJsonObjectAsync().ConfigureAwait(false);
        JsonUtil.OnlyProperties(body, "delete", "clear");
        List<string> delete = JsonUtil.OptStringArray(body, "delete") ?? new List<string>();
        bool clear = JsonUtil.OptBool(body, "clear") ?? false;

        var deleted = new List<string>();
        lock (call.State.Gate)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            foreach (JobRecord j in call.State.JobMap.Values.Where(j => j.Status == FakeJobStatus.Pending).OrderBy(j => j.Seq))
            {
                string id = j.Id.ToString("D");
                if (clear || delete.Contains(id, StringComparer.OrdinalIgnoreCase))
                {
                    FakeCloudState.SetStatus(j, FakeJobStatus.Cancelled, now);
                    deleted.Add(id);
                }
            }
        }

        await call.JsonAsync(200, new JsonObject { ["deleted"] = JsonUtil.Strings(deleted), ["cleared"] = clear }).ConfigureAwait(false);
    }

    public static Task InterruptAsync(Call call)
    {
        lock (call.State.Gate)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            foreach (JobRecord j in call.State.JobMap.Values.Where(j => j.Status == FakeJobStatus.InProgress))
            {
                j.ExecutionEnd = now;
                FakeCloudState.SetStatus(j, FakeJobStatus.Cancelled, now);
            }
        }

        return call.EmptyAsync(200);
    }

    // ---- JSON shapes ---------------------------------------------------------------------------

    private static JsonObject JobEntryJson(JobRecord j, bool detail)
    {
        var json = new JsonObject
        {
            ["id"] = j.Id.ToString("D"),
            ["status"] = EntryStatus(j.Status),
        };
        if (detail)
        {
            json["workflow"] = new JsonObject { ["prompt"] = j.Prompt.DeepClone(), ["extra_data"] = j.ExtraData.DeepClone() };
        }

        if (j.Status == FakeJobStatus.Failed)
        {
            json["execution_error"] = ExecutionError(j);
        }

        json["create_time"] = j.CreatedAt.ToUnixTimeSeconds();
        if (detail)
        {
            json["update_time"] = j.UpdatedAt.ToUnixTimeSeconds();
        }

        if (j.IsFinished)
        {
            if (detail)
            {
                json["outputs"] = OutputsJson(j);
            }

            if (j.OutputFiles.Count > 0)
            {
                json["preview_output"] = new JsonObject
                {
                    ["filename"] = j.OutputFiles[0],
                    ["subfolder"] = string.Empty,
                    ["type"] = "output",
                    ["nodeId"] = j.OutputNodeId,
                    ["mediaType"] = "images",
                };
            }

            json["outputs_count"] = j.OutputFiles.Count;
        }

        if (j.WorkflowId is not null)
        {
            json["workflow_id"] = j.WorkflowId;
        }

        if (detail && j.IsFinished)
        {
            json["execution_status"] = StatusJson(j);
            json["execution_meta"] = MetaJson(j);
        }

        if (!detail && j.IsFinished && j.ExecutionStart is DateTimeOffset start && j.ExecutionEnd is DateTimeOffset end)
        {
            json["execution_start_time"] = JsonUtil.UnixMs(start);
            json["execution_end_time"] = JsonUtil.UnixMs(end);
        }

        return json;
    }

    private static JsonObject OutputsJson(JobRecord j)
    {
        var outputs = new JsonObject();
        if (j.OutputFiles.Count > 0)
        {
            var images = new JsonArray();
            foreach (string f in j.OutputFiles)
            {
                images.Add(new JsonObject { ["filename"] = f, ["subfolder"] = string.Empty, ["type"] = "output" });
            }

            outputs[j.OutputNodeId] = new JsonObject { ["images"] = images };
        }

        return outputs;
    }

    private static JsonObject StatusJson(JobRecord j)
    {
        string id = j.Id.ToString("D");
        long start = JsonUtil.UnixMs(j.ExecutionStart ?? j.CreatedAt);
        long end = JsonUtil.UnixMs(j.ExecutionEnd ?? j.UpdatedAt);
        var messages = new JsonArray();
        if (j.ExecutionStart is not null)
        {
            messages.Add(new JsonArray("execution_start", new JsonObject { ["prompt_id"] = id, ["timestamp"] = start }));
            messages.Add(new JsonArray("execution_cached", new JsonObject { ["nodes"] = new JsonArray(), ["prompt_id"] = id, ["timestamp"] = start }));
        }

        switch (j.Status)
        {
            case FakeJobStatus.Completed:
                messages.Add(new JsonArray("execution_success", new JsonObject { ["prompt_id"] = id, ["timestamp"] = end }));
                break;
            case FakeJobStatus.Failed:
                var err = ExecutionError(j);
                err["prompt_id"] = id;
                err["timestamp"] = end;
                messages.Add(new JsonArray("execution_error", err));
                break;
            case FakeJobStatus.Cancelled:
                messages.Add(new JsonArray("execution_interrupted", new JsonObject { ["prompt_id"] = id, ["node_id"] = j.OutputNodeId, ["timestamp"] = end }));
                break;
        }

        return new JsonObject
        {
            ["status_str"] = j.Status == FakeJobStatus.Completed ? "success" : "error",
            ["completed"] = j.Status == FakeJobStatus.Completed,
            ["messages"] = messages,
        };
    }

    private static JsonObject MetaJson(JobRecord j)
    {
        var meta = new JsonObject();
        if (j.Status == FakeJobStatus.Completed)
        {
            meta[j.OutputNodeId] = new JsonObject
            {
                ["node_id"] = j.OutputNodeId,
                ["display_node"] = j.OutputNodeId,
                ["parent_node"] = null,
                ["real_node_id"] = j.OutputNodeId,
            };
        }

        return meta;
    }

    private static JsonObject ExecutionError(JobRecord j) => new()
    {
        ["node_id"] = j.OutputNodeId,
        ["node_type"] = (j.Prompt[j.OutputNodeId]?["class_type"] as JsonValue)?.ToString() ?? "Unknown",
        ["exception_message"] = j.ErrorMessage ?? "error",
        ["exception_type"] = "RuntimeError",
        ["traceback"] = new JsonArray("Traceback (most recent call last):", "RuntimeError: " + (j.ErrorMessage ?? "error")),
        ["current_inputs"] = new JsonObject(),
        ["current_outputs"] = new JsonObject(),
    };

    private static JsonArray QueueItem(JobRecord j, int position) => new(
        position,
        j.Id.ToString("D"),
        j.Prompt.DeepClone(),
        JsonUtil.Strings(j.OutputsToExecute),
        new JsonObject { ["create_time"] = JsonUtil.UnixMs(j.CreatedAt) });

    private static string EntryStatus(FakeJobStatus s) => s switch
    {
        FakeJobStatus.Pending => "pending",
        FakeJobStatus.InProgress => "in_progress",
        FakeJobStatus.Completed => "completed",
        FakeJobStatus.Failed => "failed",
        _ => "cancelled",
    };

    private static TimeSpan? Duration(JobRecord j) =>
        j.ExecutionStart is DateTimeOffset s && j.ExecutionEnd is DateTimeOffset e ? e - s : null;

    private static JobRecord FindJob(Call call, string parameter)
    {
        string raw = call.Path(parameter);
        if (Guid.TryParseExact(raw, "D", out Guid id) && call.State.JobMap.TryGetValue(id, out JobRecord? j))
        {
            return j;
        }

        throw ApiException.NotFound($"no job with id '{raw}'");
    }

    private static JsonObject PromptError(string type, string message, string details, JsonObject? nodeErrors = null) => new()
    {
        ["error"] = new JsonObject
        {
            ["type"] = type,
            ["message"] = message,
            ["details"] = details,
            ["extra_info"] = new JsonObject(),
        },
        ["node_errors"] = nodeErrors ?? new JsonObject(),
    };

    /// <summary>ComfyUI-style validation; returns the PromptErrorResponse to send, or null.</summary>
    private static JsonObject? Validate(JsonObject body, out JsonObject prompt, out JsonObject extra, out List<string> targets)
    {
        prompt = new JsonObject();
        extra = new JsonObject();
        targets = new List<string>();
        if (!body.TryGetPropertyValue("prompt", out JsonNode? p) || p is null)
        {
            return PromptError("no_prompt", "No prompt provided", "No prompt provided");
        }

        if (p is not JsonObject promptObject)
        {
            return PromptError("invalid_prompt", "Invalid prompt: the prompt must be a JSON object", string.Empty);
        }

        if (promptObject.Count == 0)
        {
            return PromptError("prompt_no_outputs", "Prompt has no outputs", string.Empty);
        }

        foreach (KeyValuePair<string, JsonNode?> node in promptObject)
        {
            if (node.Value is not JsonObject n || n["class_type"] is not JsonValue ct || ct.GetValueKind() != JsonValueKind.String)
            {
                return PromptError("invalid_prompt", "Cannot execute because a node is missing the class_type property.", $"Node ID '#{node.Key}'");
            }
        }

        if (body.TryGetPropertyValue("extra_data", out JsonNode? e) && e is not null)
        {
            if (e is not JsonObject extraObject)
            {
                return PromptError("invalid_prompt", "extra_data must be an object", string.Empty);
            }

            extra = (JsonObject)extraObject.DeepClone();
        }

        if (body.TryGetPropertyValue("number", out JsonNode? num) && num is not null && num.GetValueKind() != JsonValueKind.Number)
        {
            return PromptError("invalid_prompt", "number must be a number", string.Empty);
        }

        if (body.TryGetPropertyValue("front", out JsonNode? front) && front is not null && front.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return PromptError("invalid_prompt", "front must be a boolean", string.Empty);
        }

        if (body.TryGetPropertyValue("partial_execution_targets", out JsonNode? t) && t is not null)
        {
            if (t is not JsonArray arr || arr.Any(x => x is not JsonValue xv || xv.GetValueKind() != JsonValueKind.String))
            {
                return PromptError("invalid_prompt", "partial_execution_targets must be an array of node IDs", string.Empty);
            }

            foreach (JsonNode? x in arr)
            {
                string id = x!.GetValue<string>();
                if (!promptObject.ContainsKey(id))
                {
                    return PromptError("invalid_prompt", $"partial_execution_targets names unknown node '{id}'", string.Empty);
                }

                targets.Add(id);
            }
        }

        prompt = (JsonObject)promptObject.DeepClone();
        return null;
    }

    private static string PickOutputNode(JsonObject prompt)
    {
        string? last = null;
        foreach (KeyValuePair<string, JsonNode?> node in prompt)
        {
            string type = node.Value!["class_type"]!.GetValue<string>();
            if (type is "SaveImage" or "PreviewImage" || type.StartsWith("Save", StringComparison.Ordinal))
            {
                return node.Key;
            }

            last = node.Key;
        }

        return last!;
    }
}
