using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Http;

/// <summary>The tasks admin API's log messages, event ids 4600-4649. Parameters are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(4600, LogLevel.Information, "Tasks admin API: enqueued run '{RunId}' of task '{TaskName}'.")]
    public static partial void RunEnqueued(ILogger logger, string taskName, string runId);

    [LoggerMessage(4601, LogLevel.Information, "Tasks admin API: abort of run '{RunId}' requested; aborted: {Aborted}.")]
    public static partial void RunAbortRequested(ILogger logger, string runId, bool aborted);

    [LoggerMessage(4602, LogLevel.Information, "Tasks admin API: schedule '{ScheduleId}' of task '{TaskName}' added with trigger '{Trigger}'.")]
    public static partial void ScheduleAdded(ILogger logger, string scheduleId, string taskName, string trigger);

    [LoggerMessage(4603, LogLevel.Information, "Tasks admin API: schedule '{ScheduleId}' {Action}.")]
    public static partial void ScheduleChanged(ILogger logger, string scheduleId, string action);

    [LoggerMessage(4604, LogLevel.Information, "Tasks admin API: schedule '{ScheduleId}' run now as run '{RunId}'.")]
    public static partial void ScheduleRunNow(ILogger logger, string scheduleId, string runId);

    [LoggerMessage(4605, LogLevel.Debug, "Tasks admin API: refused the parameters of a run of task '{TaskName}': {Members}.")]
    public static partial void ParametersRefused(ILogger logger, string taskName, string members);
}
