using Microsoft.AspNetCore.Http;

namespace Serverless.Tasks.Http;

/// <summary>/admin/schedules: list, get, add (the changes of an existing schedule are in ScheduleChanges).</summary>
internal sealed partial class TasksAdminEndpoints
{
    private static async Task<IResult> ListSchedulesAsync(HttpContext http)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        var schedules = await ScheduleClient(http).ListSchedulesAsync(http.RequestAborted).ConfigureAwait(false);
        return TaskApiResults.Json(schedules.OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static async Task<IResult> GetScheduleAsync(string id, HttpContext http)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        var schedule = await ScheduleClient(http).GetScheduleAsync(id, http.RequestAborted).ConfigureAwait(false);
        return schedule is null ? UnknownSchedule(id) : TaskApiResults.Json(schedule);
    }

    private async Task<IResult> AddScheduleAsync(HttpContext http)
    {
        if (Catalog(http) is not { } catalog)
        {
            return TaskApiResults.NoTasks();
        }

        var body = await JsonBody.ReadAsync<AddScheduleRequest>(http, required: true, AddScheduleRequest.Example).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value!;
        foreach (var (value, member) in new[] { (request.Id, "id"), (request.Task, "task"), (request.Trigger, "trigger") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return TaskApiResults.BadRequest($"'{member}' is required: {AddScheduleRequest.Example}.", "path", "$." + member);
            }
        }

        if (!catalog.TryGet(request.Task!, out var task))
        {
            return UnknownTask(catalog, request.Task!);
        }

        if (ParseTrigger(request.Trigger!, out var trigger) is { } triggerError)
        {
            return triggerError;
        }

        try
        {
            task.ValidateParameters(request.Parameters);
            var schedule = await ScheduleClient(http).AddScheduleAsync(request.Id!, task.Name, trigger!, request.Parameters, http.RequestAborted).ConfigureAwait(false);
            Log.ScheduleAdded(logger, schedule.Id, task.Name, schedule.Trigger);
            http.Response.Headers.Location = TaskApiResults.ScheduleUri(http, schedule.Id);
            return TaskApiResults.Json(schedule, StatusCodes.Status201Created);
        }
        catch (TaskParametersException ex)
        {
            Log.ParametersRefused(logger, task.Name, string.Join(", ", ex.Errors.Keys));
            return TaskApiResults.InvalidParameters(ex);
        }
        catch (TaskNotFoundException)
        {
            return UnknownTask(catalog, request.Task!);
        }
        catch (InvalidOperationException ex)
        {
            return TaskApiResults.Conflict(ex.Message, "scheduleId", request.Id);
        }
        catch (ArgumentException ex)
        {
            return TaskApiResults.BadRequest(ex.Message, "scheduleId", request.Id);
        }
    }
}
