using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Serverless.Tasks.Functions.Http;

/// <summary>PATCH schedules/{scheduleId} changes the members given; PUT sets them all (task and trigger required).</summary>
public sealed partial class TaskScheduleFunctions
{
    /// <summary>
    /// Changes any member but the id: task, trigger, parameters, paused. Everything is checked before anything is written
    /// (400 for a bad trigger or parameters, 404 for an unknown task or schedule). 200 with the schedule as it is now.
    /// </summary>
    /// <remarks>Each member changes in place (ETag-checked writes): the schedule's last run time stays.</remarks>
    [Function("tasks_schedules_update")]
    public async Task<IActionResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "patch", "put", Route = "schedules/{scheduleId}")] HttpRequest req, string scheduleId)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var body = await JsonBody.ReadAsync<UpdateScheduleRequest>(req, required: true, UpdateScheduleRequest.Example).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value!;
        var replace = HttpMethods.IsPut(req.Method);
        if (CheckMembers(request, scheduleId, replace) is { } refused)
        {
            return refused;
        }

        var cancellationToken = req.HttpContext.RequestAborted;
        if (await schedules.GetScheduleAsync(scheduleId, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return TaskApiResults.UnknownSchedule(scheduleId);
        }

        var taskName = request.Task ?? current.Task;
        if (!catalog.TryGet(taskName, out var task))
        {
            return TaskApiResults.UnknownTask(catalog, taskName);
        }

        if (ParseTrigger(request.Trigger ?? current.Trigger, out var trigger) is { } triggerError)
        {
            return triggerError;
        }

        JsonElement? parameters = request.Parameters.ValueKind switch
        {
            JsonValueKind.Undefined => replace ? null : current.Parameters,
            JsonValueKind.Null => null,
            _ => request.Parameters,
        };
        var target = new ScheduleTarget(task, trigger!, parameters, request.Paused ?? (!replace && current.Paused));
        try
        {
            var (schedule, changes) = await ApplyAsync(current, target, cancellationToken).ConfigureAwait(false);
            Log.ScheduleChanged(logger, scheduleId, changes.Count == 0 ? "left as it was (no change)" : "updated: " + string.Join(", ", changes));
            return TaskApiResults.Json(schedule);
        }
        catch (TaskParametersException ex)
        {
            Log.ParametersRefused(logger, task.Name, string.Join(", ", ex.Errors.Keys));
            return TaskApiResults.InvalidParameters(ex, "changed");
        }
        catch (KeyNotFoundException)
        {
            return TaskApiResults.UnknownSchedule(scheduleId);
        }
        catch (InvalidOperationException ex)
        {
            return TaskApiResults.Conflict(ex.Message, "scheduleId", scheduleId);
        }
        catch (ArgumentException ex)
        {
            return TaskApiResults.BadRequest(ex.Message, "scheduleId", scheduleId);
        }
    }

    /// <summary>The 400 for an id other than the route's, or a required (PUT) or given (PATCH) task or trigger that is empty.</summary>
    private static TaskApiResult? CheckMembers(UpdateScheduleRequest request, string scheduleId, bool replace)
    {
        if (request.Id is not null && !string.Equals(request.Id, scheduleId, StringComparison.Ordinal))
        {
            return TaskApiResults.BadRequest(
                $"The id of a schedule cannot change ('{scheduleId}' in the route, '{request.Id}' in the body): add a schedule with the new id and remove this one.",
                "path", "$.id");
        }

        foreach (var (value, member) in new[] { (request.Task, "task"), (request.Trigger, "trigger") })
        {
            if ((replace || value is not null) && string.IsNullOrWhiteSpace(value))
            {
                return TaskApiResults.BadRequest(
                    $"'{member}' is {(replace ? "required (PUT sets every member; PATCH changes the ones given)" : "empty")}: {UpdateScheduleRequest.Example}.",
                    "path", "$." + member);
            }
        }

        return null;
    }

    /// <summary>Writes what differs from <paramref name="current"/>; returns the schedule after it and what changed.</summary>
    private async Task<(TaskSchedule Schedule, List<string> Changes)> ApplyAsync(TaskSchedule current, ScheduleTarget target, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        var parameters = target.Parameters is null ? null : target.Task.ValidateParameters(target.Parameters)?.GetRawText();
        var expression = target.Trigger.ToString();
        var schedule = current;
        if (!string.Equals(target.Task.Name, current.Task, StringComparison.OrdinalIgnoreCase) || parameters != current.Parameters?.GetRawText())
        {
            schedule = await schedules.ChangeTaskAsync(current.Id, target.Task.Name, target.Parameters, cancellationToken).ConfigureAwait(false);
            changes.Add(string.Equals(target.Task.Name, current.Task, StringComparison.OrdinalIgnoreCase) ? "parameters" : "task " + target.Task.Name);
        }

        if (!string.Equals(expression, current.Trigger, StringComparison.Ordinal))
        {
            schedule = await schedules.RescheduleAsync(current.Id, target.Trigger, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(expression, current.Trigger, StringComparison.Ordinal))
        {
            changes.Add("trigger " + expression);
        }

        if (schedule.Paused != target.Paused)
        {
            schedule = target.Paused
                ? await schedules.PauseAsync(current.Id, cancellationToken).ConfigureAwait(false)
                : await schedules.ResumeAsync(current.Id, cancellationToken).ConfigureAwait(false);
        }

        if (current.Paused != target.Paused)
        {
            changes.Add(target.Paused ? "paused" : "resumed");
        }

        return (schedule, changes);
    }

    /// <summary>What a schedule is to be after an update.</summary>
    private sealed record ScheduleTarget(TaskDefinition Task, TaskTrigger Trigger, JsonElement? Parameters, bool Paused);
}
