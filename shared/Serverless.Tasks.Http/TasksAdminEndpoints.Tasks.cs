using Microsoft.AspNetCore.Http;

namespace Serverless.Tasks.Http;

/// <summary>GET /admin/tasks, GET /admin/tasks/{name}, POST /admin/tasks/{name}/runs.</summary>
internal sealed partial class TasksAdminEndpoints
{
    private static async Task<IResult> ListTasksAsync(HttpContext http)
    {
        if (Catalog(http) is not { } catalog)
        {
            return TaskApiResults.NoTasks();
        }

        var schedules = await SchedulesAsync(http).ConfigureAwait(false);
        return TaskApiResults.Json(catalog.Tasks.Select(t => TaskInfo.From(t, schedules)).ToList());
    }

    private static async Task<IResult> GetTaskAsync(string name, HttpContext http)
    {
        if (Catalog(http) is not { } catalog)
        {
            return TaskApiResults.NoTasks();
        }

        if (!catalog.TryGet(name, out var task))
        {
            return UnknownTask(catalog, name);
        }

        var schedules = await SchedulesAsync(http).ConfigureAwait(false);
        return TaskApiResults.Json(TaskInfo.From(task, schedules));
    }

    private async Task<IResult> EnqueueAsync(string name, HttpContext http)
    {
        if (Catalog(http) is not { } catalog)
        {
            return TaskApiResults.NoTasks();
        }

        if (!catalog.TryGet(name, out var task))
        {
            return UnknownTask(catalog, name);
        }

        var body = await JsonBody.ReadAsync<RunRequest>(http, required: false, RunRequest.Example).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value ?? new RunRequest(null, null, null, null, null);
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

        if (request.RunId is { } runId && string.IsNullOrWhiteSpace(runId))
        {
            return TaskApiResults.BadRequest("runId must not be empty: leave it out for a new id.", "path", "$.runId");
        }

        var options = new EnqueueOptions { Delay = request.Delay, DueTime = request.DueTime, Priority = request.Priority, RunId = request.RunId };
        string id;
        try
        {
            id = await Client(http).EnqueueAsync(task.Name, request.Parameters, options, http.RequestAborted).ConfigureAwait(false);
        }
        catch (TaskParametersException ex)
        {
            Log.ParametersRefused(logger, task.Name, string.Join(", ", ex.Errors.Keys));
            return TaskApiResults.InvalidParameters(ex);
        }
        catch (TaskNotFoundException)
        {
            return UnknownTask(catalog, name);
        }
        catch (ArgumentException ex)
        {
            // The client refuses a run id that cannot be a table key, or a priority out of range.
            return TaskApiResults.BadRequest(ex.Message, "path", request.RunId is null ? "$" : "$.runId");
        }

        Log.RunEnqueued(logger, task.Name, id);
        return TaskApiResults.RunAccepted(http, id);
    }

    private static async Task<IReadOnlyList<TaskSchedule>> SchedulesAsync(HttpContext http) =>
        ScheduleClientOrNull(http) is { } schedules
            ? await schedules.ListSchedulesAsync(http.RequestAborted).ConfigureAwait(false)
            : [];
}
