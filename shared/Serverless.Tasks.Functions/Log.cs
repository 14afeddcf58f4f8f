using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions;

/// <summary>
/// The task host extension's log messages. Event ids: 8300-8319 start and lifecycle, 8320-8349 chains, 8350-8379
/// CPU-bound runs. Parameters are never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(8300, LogLevel.Information, "Task {TaskName}: trigger {Trigger}, next run {NextRun}, priority {Priority}, namespace {Namespace}{Flags}")]
    public static partial void TaskDeclared(ILogger logger, string taskName, string trigger, string nextRun, int priority, string @namespace, string flags);

    [LoggerMessage(8301, LogLevel.Information, "{Count} tasks in namespaces {Namespaces}; the task worker and scheduler start.")]
    public static partial void TasksStarting(ILogger logger, int count, string namespaces);

    [LoggerMessage(8302, LogLevel.Information, "No tasks are declared: the task worker and scheduler do not start.")]
    public static partial void NoTasks(ILogger logger);

    [LoggerMessage(8320, LogLevel.Information, "Task chain '{InstanceId}' started for task '{TaskName}' run '{RunId}'.")]
    public static partial void ChainStarted(ILogger logger, string instanceId, string taskName, string runId);

    [LoggerMessage(8321, LogLevel.Debug, "Task chain '{InstanceId}' exists already for run '{RunId}': not started again.")]
    public static partial void ChainExists(ILogger logger, string instanceId, string runId);

    [LoggerMessage(8322, LogLevel.Information, "Task chain '{InstanceId}': step '{TaskName}' run '{RunId}' ended {Status}.")]
    public static partial void ChainStepEnded(ILogger logger, string instanceId, string taskName, string runId, TaskRunStatus status);

    [LoggerMessage(8323, LogLevel.Warning, "Task chain '{InstanceId}' for run '{RunId}' of task '{TaskName}' does not exist: its step's end is not delivered.")]
    public static partial void ChainMissing(ILogger logger, string instanceId, string taskName, string runId);

    [LoggerMessage(8324, LogLevel.Warning, "Task chain '{InstanceId}': step '{TaskName}' run '{RunId}' ended {Status}; the chain fails.")]
    public static partial void ChainStepFailed(ILogger logger, string instanceId, string taskName, string runId, TaskRunStatus status);

    [LoggerMessage(8350, LogLevel.Information, "CPU-bound task '{TaskName}' run '{RunId}' attempt {Attempt}: job '{JobId}' started.")]
    public static partial void JobStarted(ILogger logger, string taskName, string runId, int attempt, string jobId);

    [LoggerMessage(8351, LogLevel.Information, "CPU-bound task '{TaskName}' run '{RunId}' attempt {Attempt}: job '{JobId}' ended (Succeeded={Succeeded}).")]
    public static partial void JobEnded(ILogger logger, string taskName, string runId, int attempt, string jobId, bool succeeded);

    [LoggerMessage(8352, LogLevel.Information, "CPU-bound task '{TaskName}' run '{RunId}' attempt {Attempt}: cancelled, job '{JobId}' is being stopped.")]
    public static partial void JobCancelling(ILogger logger, string taskName, string runId, int attempt, string jobId);
}
