using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions;

/// <summary>
/// The tasks' functions' log messages. Event ids: 7400-7499 the tasks HTTP API, 8500-8509 start and lifecycle,
/// 8510-8519 chains, 8520-8549 the scheduler timer (the scheduling library logs 83xx). Parameters (which may hold secrets) are never logged, only the names of the members
/// that failed validation.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(8500, LogLevel.Information, "Task {TaskName}: trigger {Trigger}, next run {NextRun}, priority {Priority}, namespace {Namespace}, {Flags}")]
    public static partial void TaskDeclared(ILogger logger, string taskName, string trigger, string nextRun, int priority, string @namespace, string flags);

    [LoggerMessage(8501, LogLevel.Information, "{Count} tasks in namespaces {Namespaces}.")]
    public static partial void TasksStarting(ILogger logger, int count, string namespaces);

    [LoggerMessage(8510, LogLevel.Information, "Task chain '{InstanceId}' started for task '{TaskName}' run '{RunId}'.")]
    public static partial void ChainStarted(ILogger logger, string instanceId, string taskName, string runId);

    [LoggerMessage(8511, LogLevel.Debug, "Task chain '{InstanceId}' exists already for run '{RunId}': not started again.")]
    public static partial void ChainExists(ILogger logger, string instanceId, string runId);

    [LoggerMessage(8512, LogLevel.Information, "Task chain '{InstanceId}': step '{TaskName}' run '{RunId}' ended {Status}.")]
    public static partial void ChainStepEnded(ILogger logger, string instanceId, string taskName, string runId, TaskRunStatus status);

    [LoggerMessage(8520, LogLevel.Debug, "Scheduler tick: {Fired} firing(s), {Skipped} skipped, next due {NextDue:o}.")]
    public static partial void SchedulerTicked(ILogger logger, int fired, int skipped, DateTimeOffset? nextDue);

    [LoggerMessage(7400, LogLevel.Information, "Tasks HTTP API: enqueued run '{RunId}' of task '{TaskName}'.")]
    public static partial void RunEnqueued(ILogger logger, string taskName, string runId);

    [LoggerMessage(7401, LogLevel.Information, "Tasks HTTP API: abort of run '{RunId}' requested; aborted: {Aborted}.")]
    public static partial void RunAbortRequested(ILogger logger, string runId, bool aborted);

    [LoggerMessage(7402, LogLevel.Information, "Tasks HTTP API: schedule '{ScheduleId}' of task '{TaskName}' added with trigger '{Trigger}'.")]
    public static partial void ScheduleAdded(ILogger logger, string scheduleId, string taskName, string trigger);

    [LoggerMessage(7403, LogLevel.Information, "Tasks HTTP API: schedule '{ScheduleId}' {Action}.")]
    public static partial void ScheduleChanged(ILogger logger, string scheduleId, string action);

    [LoggerMessage(7404, LogLevel.Information, "Tasks HTTP API: schedule '{ScheduleId}' run now as run '{RunId}'.")]
    public static partial void ScheduleRunNow(ILogger logger, string scheduleId, string runId);

    [LoggerMessage(7405, LogLevel.Debug, "Tasks HTTP API: refused the parameters of task '{TaskName}': {Members}.")]
    public static partial void ParametersRefused(ILogger logger, string taskName, string members);
}
