using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions.Http;

/// <summary>
/// The tasks HTTP API's log messages, event ids 7400-7499. They name the task, run and schedule; parameters (which may
/// hold secrets) are never logged, only the names of the members that failed validation.
/// </summary>
internal static partial class Log
{
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
