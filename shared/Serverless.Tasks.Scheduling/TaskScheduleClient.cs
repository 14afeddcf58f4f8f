using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// Changes schedules in the schedules table (cluster wide, surviving restarts). Next run times follow from the trigger
/// and the TimeProvider's now: pause clears it, resume and reschedule compute it from now (missed fire times of a paused
/// schedule are not run). The firing host reads the rows at every tick, so a change counts from the next tick on. The
/// first call of a process applies the declared schedules first (<see cref="DeclaredSchedules.EnsureUpsertedAsync"/>), so
/// declared schedules are listed before the timer first ticks.
/// </summary>
internal sealed partial class TaskScheduleClient(
    ScheduleStore store,
    TaskCatalog catalog,
    ITaskClient tasks,
    DeclaredSchedules declared,
    TimeProvider time,
    ILogger<TaskScheduleClient> logger) : ITaskScheduleClient
{
    /// <summary>The longest parameters JSON a schedule keeps (a table property holds 32K characters).</summary>
    internal const int MaxParametersLength = 30_000;

    public async Task<IReadOnlyList<TaskSchedule>> ListSchedulesAsync(CancellationToken cancellationToken = default)
    {
        await EnsureDeclaredAsync(cancellationToken).ConfigureAwait(false);
        var rows = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Where(r => !r.Removed).OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => r.ToSchedule())];
    }

    public async Task<TaskSchedule?> GetScheduleAsync(string scheduleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        await EnsureDeclaredAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(scheduleId, cancellationToken).ConfigureAwait(false);
        return row is { Removed: false } ? row.ToSchedule() : null;
    }

    public async Task<TaskSchedule> AddScheduleAsync(string scheduleId, string task, TaskTrigger trigger, object? parameters = null,
        CancellationToken cancellationToken = default)
    {
        ScheduleRunIds.Validate(scheduleId);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(trigger);
        var definition = catalog.Get(task);
        var json = ValidateParameters(scheduleId, definition, parameters);
        await EnsureDeclaredAsync(cancellationToken).ConfigureAwait(false);
        var next = trigger.GetNextFireTime(time.GetUtcNow());
        var row = new ScheduleRow { Id = scheduleId, Task = definition.Name, Trigger = trigger.ToString(), Parameters = json, NextRunTime = next };
        var added = await store.AddAsync(row, cancellationToken).ConfigureAwait(false);
        if (added is null)
        {
            // A removed declared schedule's row stays (so the removal survives restarts): adding its id again reuses it.
            added = await ChangeAsync(scheduleId, existing => existing.Removed
                ? existing with { Task = row.Task, Trigger = row.Trigger, Parameters = json, NextRunTime = next, Paused = false, Removed = false, LastRunTime = null }
                : throw new InvalidOperationException($"A schedule with the id '{scheduleId}' exists already (task '{existing.Task}')."),
                includeRemoved: true, cancellationToken).ConfigureAwait(false);
        }

        Changed(scheduleId, "added");
        return added.ToSchedule();
    }

    public async Task<TaskSchedule> RescheduleAsync(string scheduleId, TaskTrigger trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var expression = trigger.ToString();
        var row = await ChangeAsync(scheduleId, r => r with
        {
            Trigger = expression,
            NextRunTime = r.Paused ? null : trigger.GetNextFireTime(time.GetUtcNow()),
        }, includeRemoved: false, cancellationToken).ConfigureAwait(false);
        Changed(scheduleId, "rescheduled: " + expression);
        return row.ToSchedule();
    }

    public async Task<TaskSchedule> ChangeTaskAsync(string scheduleId, string task, object? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var definition = catalog.Get(task);
        var json = ValidateParameters(scheduleId, definition, parameters);
        var row = await ChangeAsync(scheduleId, r => r with { Task = definition.Name, Parameters = json }, includeRemoved: false, cancellationToken)
            .ConfigureAwait(false);
        Changed(scheduleId, $"task {definition.Name}, parameters {(json is null ? "the task's defaults" : "changed")}");
        return row.ToSchedule();
    }

    public async Task<TaskSchedule> PauseAsync(string scheduleId, CancellationToken cancellationToken = default)
    {
        var row = await ChangeAsync(scheduleId, r => r with { Paused = true, NextRunTime = null }, includeRemoved: false, cancellationToken)
            .ConfigureAwait(false);
        Changed(scheduleId, "paused");
        return row.ToSchedule();
    }

    public async Task<TaskSchedule> ResumeAsync(string scheduleId, CancellationToken cancellationToken = default)
    {
        var row = await ChangeAsync(scheduleId, r => r with
        {
            Paused = false,
            NextRunTime = ParseTrigger(r).GetNextFireTime(time.GetUtcNow()),
        }, includeRemoved: false, cancellationToken).ConfigureAwait(false);
        Changed(scheduleId, "resumed");
        return row.ToSchedule();
    }

    public async Task<string> RunNowAsync(string scheduleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        await EnsureDeclaredAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(scheduleId, cancellationToken).ConfigureAwait(false);
        if (row is null or { Removed: true })
        {
            throw new TaskScheduleNotFoundException(scheduleId);
        }

        var options = new EnqueueOptions { ScheduleId = row.Id };
        var runId = await tasks.EnqueueAsync(row.Task, row.ParametersJson(), options, cancellationToken).ConfigureAwait(false);
        Log.ScheduleChanged(logger, scheduleId, "run now: run '" + runId + "'");
        return runId;
    }

    public async Task<bool> RemoveAsync(string scheduleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        await EnsureDeclaredAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = await store.GetAsync(scheduleId, cancellationToken).ConfigureAwait(false);
            if (row is null or { Removed: true })
            {
                return false;
            }

            // A declared schedule keeps its row, marked removed, so the next start does not add it again.
            var done = row.Declared
                ? await store.UpdateAsync(row with { Removed = true, NextRunTime = null }, cancellationToken).ConfigureAwait(false) is not null
                : await store.DeleteAsync(row, cancellationToken).ConfigureAwait(false);
            if (done)
            {
                Changed(scheduleId, "removed");
                return true;
            }
        }

        throw Contended(scheduleId);
    }

    private void Changed(string scheduleId, string change) => Log.ScheduleChanged(logger, scheduleId, change);

    private Task EnsureDeclaredAsync(CancellationToken cancellationToken) => declared.EnsureUpsertedAsync(cancellationToken);

    private static string? ValidateParameters(string scheduleId, TaskDefinition task, object? parameters)
    {
        JsonElement? json = parameters switch
        {
            null => null,
            JsonElement element => element,
            _ => JsonSerializer.SerializeToElement(parameters, parameters.GetType(), TaskJson.Options),
        };
        if (json is { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            json = null;
        }

        if (json is null)
        {
            // The task's defaults apply at each firing; still check now that they are valid.
            task.ValidateParameters(null);
            return null;
        }

        var text = task.ValidateParameters(json)?.GetRawText();
        if (text is { Length: > MaxParametersLength })
        {
            throw new ArgumentException(
                $"The parameters of schedule '{scheduleId}' are {text.Length} characters of JSON; a schedule keeps at most {MaxParametersLength}.",
                nameof(parameters));
        }

        return text;
    }

    private static TaskTrigger ParseTrigger(ScheduleRow row)
    {
        try
        {
            return TaskTrigger.Parse(row.Trigger);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Schedule '{row.Id}' has a trigger that cannot be read ('{row.Trigger}'): {ex.Message}", ex);
        }
    }
}
