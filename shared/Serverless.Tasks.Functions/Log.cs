using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions;

/// <summary>
/// The tasks' functions' log messages. Event ids: 8500-8509 start and lifecycle, 8510-8519 chains, 8520-8549 the scheduler timer (the scheduling library logs 83xx).
/// Parameters are never logged. (The HTTP API logs 7400-7499 in Http/.)
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
}
