using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Scheduling;

/// <summary>The schedules' log messages. Event ids 8300-8399. Parameters are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(8300, LogLevel.Information, "Schedule '{ScheduleId}' fired task '{Task}' for {DueTime:o}: run '{RunId}'.")]
    public static partial void Fired(ILogger logger, string scheduleId, string task, DateTimeOffset dueTime, string runId);

    [LoggerMessage(8301, LogLevel.Warning, "Schedule '{ScheduleId}' skipped task '{Task}' for {DueTime:o} (run '{RunId}'): {Reason}.")]
    public static partial void Misfired(ILogger logger, string scheduleId, string task, DateTimeOffset dueTime, string runId, string reason);

    [LoggerMessage(8302, LogLevel.Debug, "Schedule '{ScheduleId}' next runs task '{Task}' at {NextRunTime:o}.")]
    public static partial void NextRun(ILogger logger, string scheduleId, string task, DateTimeOffset? nextRunTime);

    [LoggerMessage(8303, LogLevel.Debug, "Schedule '{ScheduleId}' run '{RunId}' enqueued {LatenessMs:F1} ms after its due time.")]
    public static partial void Lateness(ILogger logger, string scheduleId, string runId, double latenessMs);

    [LoggerMessage(8304, LogLevel.Error, "Schedule '{ScheduleId}' could not fire task '{Task}' for {DueTime:o}; the firing is dropped.")]
    public static partial void FireRefused(ILogger logger, string scheduleId, string task, DateTimeOffset dueTime, Exception exception);

    [LoggerMessage(8305, LogLevel.Warning, "Schedule '{ScheduleId}' is not fired: {Problem}.")]
    public static partial void ScheduleInvalid(ILogger logger, string scheduleId, string problem);

    [LoggerMessage(8306, LogLevel.Debug, "Schedule '{ScheduleId}' changed while it fired; the change stands and the next tick reads it.")]
    public static partial void UpdateConflict(ILogger logger, string scheduleId);

    [LoggerMessage(8307, LogLevel.Error, "Schedule '{ScheduleId}' could not fire task '{Task}'; it is tried again at the first tick from {RetryAt:o} (or once the schedule changes), the other schedules go on firing.")]
    public static partial void FireFailed(ILogger logger, string scheduleId, string task, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(8320, LogLevel.Information, "Declared schedule '{ScheduleId}' added: {Trigger}.")]
    public static partial void DeclaredAdded(ILogger logger, string scheduleId, string trigger);

    [LoggerMessage(8321, LogLevel.Information, "Declared schedule '{ScheduleId}' takes the trigger of its new declaration: {Trigger} (was {Previous}).")]
    public static partial void DeclaredChanged(ILogger logger, string scheduleId, string trigger, string? previous);

    [LoggerMessage(8322, LogLevel.Information, "Declared schedule '{ScheduleId}' is no longer declared; its row is deleted.")]
    public static partial void DeclaredDropped(ILogger logger, string scheduleId);

    [LoggerMessage(8330, LogLevel.Information, "Schedule '{ScheduleId}' {Change}.")]
    public static partial void ScheduleChanged(ILogger logger, string scheduleId, string change);
}
