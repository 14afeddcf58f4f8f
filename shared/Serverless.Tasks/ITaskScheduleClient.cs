using System.Text.Json;

namespace Serverless.Tasks;

/// <summary>
/// Changes schedules at run time, cluster wide and surviving restarts. A task declared with a trigger has a schedule
/// whose id is the task's name; more schedules (another trigger, other parameters) can be added for any task.
/// </summary>
public interface ITaskScheduleClient
{
    Task<IReadOnlyList<TaskSchedule>> ListSchedulesAsync(CancellationToken cancellationToken = default);

    Task<TaskSchedule?> GetScheduleAsync(string scheduleId, CancellationToken cancellationToken = default);

    /// <summary>Adds a schedule for a registered task; an existing id throws <see cref="InvalidOperationException"/>.</summary>
    Task<TaskSchedule> AddScheduleAsync(string scheduleId, string task, TaskTrigger trigger, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Gives the schedule a new trigger (its next run time follows from it).</summary>
    Task<TaskSchedule> RescheduleAsync(string scheduleId, TaskTrigger trigger, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the schedule another task and/or parameters in one ETag-checked write (validated first); its trigger, next
    /// and last run time and paused state stay. Null parameters: the task's defaults.
    /// </summary>
    Task<TaskSchedule> ChangeTaskAsync(string scheduleId, string task, object? parameters = null, CancellationToken cancellationToken = default);

    Task<TaskSchedule> PauseAsync(string scheduleId, CancellationToken cancellationToken = default);

    Task<TaskSchedule> ResumeAsync(string scheduleId, CancellationToken cancellationToken = default);

    /// <summary>Runs the schedule's task now (as a firing: max instances applies); returns the run id.</summary>
    Task<string> RunNowAsync(string scheduleId, CancellationToken cancellationToken = default);

    /// <summary>Removes the schedule; false when there was none. A declared schedule stays removed until its declaration changes.</summary>
    Task<bool> RemoveAsync(string scheduleId, CancellationToken cancellationToken = default);
}

/// <summary>A schedule as stored.</summary>
public sealed record TaskSchedule
{
    public required string Id { get; init; }

    public required string Task { get; init; }

    /// <summary>The trigger expression (<see cref="TaskTrigger.Parse"/>).</summary>
    public required string Trigger { get; init; }

    public bool Paused { get; init; }

    /// <summary>Null when the trigger fires no more or the schedule is paused.</summary>
    public DateTimeOffset? NextRunTime { get; init; }

    public DateTimeOffset? LastRunTime { get; init; }

    public JsonElement? Parameters { get; init; }

    /// <summary>True for a schedule that comes from a task's declaration.</summary>
    public bool Declared { get; init; }
}
