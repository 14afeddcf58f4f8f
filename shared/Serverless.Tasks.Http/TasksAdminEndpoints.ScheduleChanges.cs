using Microsoft.AspNetCore.Http;

namespace Serverless.Tasks.Http;

/// <summary>/admin/schedules/{id}: reschedule (PUT trigger), pause, resume, run now, remove.</summary>
internal sealed partial class TasksAdminEndpoints
{
    private async Task<IResult> RescheduleAsync(string id, HttpContext http)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        var body = await JsonBody.ReadAsync<RescheduleRequest>(http, required: true, RescheduleRequest.Example).ConfigureAwait(false);
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

        return await ChangeAsync(http, id, "rescheduled", (client, ct) => client.RescheduleAsync(id, trigger!, ct)).ConfigureAwait(false);
    }

    private Task<IResult> PauseAsync(string id, HttpContext http) =>
        ChangeAsync(http, id, "paused", (client, ct) => client.PauseAsync(id, ct));

    private Task<IResult> ResumeAsync(string id, HttpContext http) =>
        ChangeAsync(http, id, "resumed", (client, ct) => client.ResumeAsync(id, ct));

    private async Task<IResult> RunScheduleNowAsync(string id, HttpContext http)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        string runId;
        try
        {
            runId = await ScheduleClient(http).RunNowAsync(id, http.RequestAborted).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return UnknownSchedule(id);
        }

        Log.ScheduleRunNow(logger, id, runId);
        return TaskApiResults.RunAccepted(http, runId);
    }

    private async Task<IResult> RemoveScheduleAsync(string id, HttpContext http)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        if (!await ScheduleClient(http).RemoveAsync(id, http.RequestAborted).ConfigureAwait(false))
        {
            return UnknownSchedule(id);
        }

        Log.ScheduleChanged(logger, id, "removed");
        return Results.NoContent();
    }

    /// <summary>Changes an existing schedule and answers 200 with it; 404 when there is none (the client's KeyNotFoundException).</summary>
    private async Task<IResult> ChangeAsync(HttpContext http, string id, string action, Func<ITaskScheduleClient, CancellationToken, Task<TaskSchedule>> change)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        TaskSchedule schedule;
        try
        {
            schedule = await change(ScheduleClient(http), http.RequestAborted).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return UnknownSchedule(id);
        }
        catch (InvalidOperationException ex)
        {
            return TaskApiResults.Conflict(ex.Message, "scheduleId", id);
        }

        Log.ScheduleChanged(logger, id, action);
        return TaskApiResults.Json(schedule);
    }

    /// <summary>Null when the expression parses; else the 400 naming the position (the parser's message).</summary>
    private static IResult? ParseTrigger(string expression, out TaskTrigger? trigger)
    {
        try
        {
            trigger = TaskTrigger.Parse(expression);
            return null;
        }
        catch (FormatException ex)
        {
            trigger = null;
            return TaskApiResults.BadRequest($"The trigger '{expression}' is not valid: {ex.Message}", "trigger", expression);
        }
    }
}
