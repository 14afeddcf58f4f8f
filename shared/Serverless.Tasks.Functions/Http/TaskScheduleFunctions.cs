using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions.Http;

/// <summary>
/// The tasks HTTP API's schedule routes (admin key): GET schedules, POST schedules (201 + Location), GET
/// schedules/{scheduleId}, PATCH/PUT schedules/{scheduleId} (any member but the id), DELETE schedules/{scheduleId} (204),
/// POST schedules/{scheduleId}/pause | resume | run (run: 202 {id}), POST/PUT schedules/{scheduleId}/reschedule (trigger).
/// Errors: 400 for a bad body, trigger (naming the position) or parameters; 404 for an unknown schedule or task; 409
/// for an id that exists already.
/// </summary>
public sealed partial class TaskScheduleFunctions(TaskCatalog catalog, ITaskScheduleClient schedules, ILogger<TaskScheduleFunctions> logger)
{
    /// <summary>The segments of the add route (schedules), to build the new schedule's URI beside it.</summary>
    private const int AddRouteSegments = 1;

    [Function("tasks_schedules_list")]
    public async Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "schedules")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var all = await schedules.ListSchedulesAsync(req.HttpContext.RequestAborted).ConfigureAwait(false);
        return TaskApiResults.Json(all.OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase).ToList());
    }

    [Function("tasks_schedules_get")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "schedules/{scheduleId}")] HttpRequest req, string scheduleId)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var schedule = await schedules.GetScheduleAsync(scheduleId, req.HttpContext.RequestAborted).ConfigureAwait(false);
        return schedule is null ? TaskApiResults.UnknownSchedule(scheduleId) : TaskApiResults.Json(schedule);
    }

    [Function("tasks_schedules_add")]
    public async Task<IActionResult> AddAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "schedules")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var body = await JsonBody.ReadAsync<AddScheduleRequest>(req, required: true, AddScheduleRequest.Example).ConfigureAwait(false);
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
            return TaskApiResults.UnknownTask(catalog, request.Task!);
        }

        if (ParseTrigger(request.Trigger!, out var trigger) is { } triggerError)
        {
            return triggerError;
        }

        try
        {
            task.ValidateParameters(request.Parameters);
            var schedule = await schedules.AddScheduleAsync(request.Id!, task.Name, trigger!, request.Parameters, req.HttpContext.RequestAborted)
                .ConfigureAwait(false);
            Log.ScheduleAdded(logger, schedule.Id, task.Name, schedule.Trigger);
            return TaskApiResults.ScheduleCreated(req, AddRouteSegments, schedule);
        }
        catch (TaskParametersException ex)
        {
            Log.ParametersRefused(logger, task.Name, string.Join(", ", ex.Errors.Keys));
            return TaskApiResults.InvalidParameters(ex, "scheduled");
        }
        catch (TaskNotFoundException)
        {
            return TaskApiResults.UnknownTask(catalog, request.Task!);
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

    /// <summary>Null when the expression parses; else the 400 naming the position (the parser's message).</summary>
    private static TaskApiResult? ParseTrigger(string expression, out TaskTrigger? trigger)
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
