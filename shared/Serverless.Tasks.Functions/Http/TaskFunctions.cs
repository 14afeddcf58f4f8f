using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions.Http;

/// <summary>
/// The tasks HTTP API's task routes (admin key): GET tasks, GET tasks/{name}, POST tasks/{name}/runs (202
/// {id, statusQueryGetUri} + Location runs/{id}). An app whose catalog is empty answers 404 "no tasks in this app".
/// </summary>
public sealed class TaskFunctions(TaskCatalog catalog, ITaskClient tasks, ITaskScheduleClient schedules, ILogger<TaskFunctions> logger)
{
    /// <summary>The segments of the enqueue route (tasks/{name}/runs), to build the run's URI beside it.</summary>
    private const int EnqueueRouteSegments = 3;

    [Function("tasks_list")]
    public async Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "tasks")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var all = await schedules.ListSchedulesAsync(req.HttpContext.RequestAborted).ConfigureAwait(false);
        return TaskApiResults.Json(catalog.Tasks.Select(t => TaskInfo.From(t, all)).ToList());
    }

    [Function("tasks_get")]
    public async Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "tasks/{name}")] HttpRequest req, string name)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        if (!catalog.TryGet(name, out var task))
        {
            return TaskApiResults.UnknownTask(catalog, name);
        }

        var all = await schedules.ListSchedulesAsync(req.HttpContext.RequestAborted).ConfigureAwait(false);
        return TaskApiResults.Json(TaskInfo.From(task, all));
    }

    /// <summary>Enqueues a run: 202, or 400 for a bad body or invalid parameters (nothing enqueued), 404 for an unknown task.</summary>
    [Function("tasks_enqueue")]
    public async Task<IActionResult> EnqueueAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "tasks/{name}/runs")] HttpRequest req, string name)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        if (!catalog.TryGet(name, out var task))
        {
            return TaskApiResults.UnknownTask(catalog, name);
        }

        var body = await JsonBody.ReadAsync<RunRequest>(req, required: false, RunRequest.Example).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value ?? new RunRequest(null, null, null, null, null);
        if (Check(request) is { } refused)
        {
            return refused;
        }

        var options = new EnqueueOptions { Delay = request.Delay, DueTime = request.DueTime, Priority = request.Priority, RunId = request.RunId };
        string id;
        try
        {
            id = await tasks.EnqueueAsync(task.Name, request.Parameters, options, req.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (TaskParametersException ex)
        {
            Log.ParametersRefused(logger, task.Name, string.Join(", ", ex.Errors.Keys));
            return TaskApiResults.InvalidParameters(ex, "enqueued");
        }
        catch (TaskNotFoundException)
        {
            return TaskApiResults.UnknownTask(catalog, name);
        }
        catch (ArgumentException ex)
        {
            // The client refuses a run id that cannot be a table key, or a priority out of range.
            return TaskApiResults.BadRequest(ex.Message, "path", request.RunId is null ? "$" : "$.runId");
        }

        Log.RunEnqueued(logger, task.Name, id);
        return TaskApiResults.RunAccepted(req, EnqueueRouteSegments, id);
    }

    /// <summary>The 400 for options that cannot go together or are out of range; null when they are fine.</summary>
    private static TaskApiResult? Check(RunRequest request)
    {
        if (request.Priority is < TaskPriority.Low or > TaskPriority.Max)
        {
            return TaskApiResults.BadRequest(
                $"priority must be {TaskPriority.Low} (low) to {TaskPriority.Max} (critical), not {request.Priority}.", "path", "$.priority");
        }

        if (request.Delay is not null && request.DueTime is not null)
        {
            return TaskApiResults.BadRequest("Give either delay or dueTime, not both.", "path", "$.delay");
        }

        if (request.Delay < TimeSpan.Zero)
        {
            return TaskApiResults.BadRequest($"delay must not be negative, not {request.Delay}.", "path", "$.delay");
        }

        return request.RunId is { } runId && string.IsNullOrWhiteSpace(runId)
            ? TaskApiResults.BadRequest("runId must not be empty: leave it out for a new id.", "path", "$.runId")
            : null;
    }
}
