using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Serverless.Tasks.Functions.Http;

/// <summary>schedules/{scheduleId}: reschedule (trigger only), pause, resume, run now, remove.</summary>
public sealed partial class TaskScheduleFunctions
{
    /// <summary>The segments of the run-now route (schedules/{scheduleId}/run), to build the run's URI beside it.</summary>
    private const int RunNowRouteSegments = 3;

    [Function("tasks_schedules_reschedule")]
    public async Task<IActionResult> RescheduleAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", "put", Route = "schedules/{scheduleId}/reschedule")] HttpRequest req, string scheduleId)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var body = await JsonBody.ReadAsync<RescheduleRequest>(req, required: true, RescheduleRequest.Example).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (string.IsNullOrWhiteSpace(body.Value!.Trigger))
        {
            return TaskApiResults.BadRequest($"'trigger' is required: {RescheduleRequest.Example}.", "path", "$.trigger");
        }

        if (ParseTrigger(body.Value.Trigger, out var trigger) is { } triggerError)
        {
            return triggerError;
        }

        return await ChangeAsync(req, scheduleId, "rescheduled", ct => schedules.RescheduleAsync(scheduleId, trigger!, ct)).ConfigureAwait(false);
    }

    [Function("tasks_schedules_pause")]
    public Task<IActionResult> PauseAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "schedules/{scheduleId}/pause")] HttpRequest req, string scheduleId) =>
        ChangeAsync(req, scheduleId, "paused", ct => schedules.PauseAsync(scheduleId, ct));

    [Function("tasks_schedules_resume")]
    public Task<IActionResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "schedules/{scheduleId}/resume")] HttpRequest req, string scheduleId) =>
        ChangeAsync(req, scheduleId, "resumed", ct => schedules.ResumeAsync(scheduleId, ct));

    /// <summary>Runs the schedule's task now (as a firing): 202 {id, statusQueryGetUri} + Location runs/{id}.</summary>
    [Function("tasks_schedules_run")]
    public async Task<IActionResult> RunNowAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "schedules/{scheduleId}/run")] HttpRequest req, string scheduleId)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        string runId;
        try
        {
            runId = await schedules.RunNowAsync(scheduleId, req.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return TaskApiResults.UnknownSchedule(scheduleId);
        }
        catch (TaskNotFoundException ex)
        {
            // The schedule names a task this version of the app does not have (a rolling deploy, a removed task).
            return TaskApiResults.UnknownTask(catalog, ex.Task);
        }
        catch (TaskParametersException ex)
        {
            Log.ParametersRefused(logger, ex.Task, string.Join(", ", ex.Errors.Keys));
            return TaskApiResults.InvalidParameters(ex, "enqueued");
        }

        Log.ScheduleRunNow(logger, scheduleId, runId);
        return TaskApiResults.RunAccepted(req, RunNowRouteSegments, runId);
    }

    [Function("tasks_schedules_remove")]
    public async Task<IActionResult> RemoveAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "schedules/{scheduleId}")] HttpRequest req, string scheduleId)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        if (!await schedules.RemoveAsync(scheduleId, req.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            return TaskApiResults.UnknownSchedule(scheduleId);
        }

        Log.ScheduleChanged(logger, scheduleId, "removed");
        return TaskApiResults.NoContent();
    }

    /// <summary>Changes an existing schedule and answers 200 with it; 404 when there is none (the client's KeyNotFoundException).</summary>
    private async Task<IActionResult> ChangeAsync(HttpRequest req, string scheduleId, string action, Func<CancellationToken, Task<TaskSchedule>> change)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        TaskSchedule schedule;
        try
        {
            schedule = await change(req.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return TaskApiResults.UnknownSchedule(scheduleId);
        }
        catch (InvalidOperationException ex)
        {
            return TaskApiResults.Conflict(ex.Message, "scheduleId", scheduleId);
        }

        Log.ScheduleChanged(logger, scheduleId, action);
        return TaskApiResults.Json(schedule);
    }
}
