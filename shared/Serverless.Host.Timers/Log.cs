using Microsoft.Extensions.Logging;

namespace Serverless.Host.Timers;

/// <summary>The timer trigger's log messages (category Host.Triggers.Timer, as in Functions). Event ids 700-799.</summary>
internal static partial class Log
{
    public const string Category = "Host.Triggers.Timer";

    [LoggerMessage(700, LogLevel.Information, "The next 5 occurrences of the '{FunctionName}' schedule ({Schedule}) will be:\n{Occurrences}")]
    public static partial void NextOccurrences(ILogger logger, string functionName, string schedule, string occurrences);

    [LoggerMessage(701, LogLevel.Information, "Function '{FunctionName}' is past due (scheduled for {Scheduled:o}, {PastDue} ago): executing it once now.")]
    public static partial void PastDue(ILogger logger, string functionName, DateTime scheduled, TimeSpan pastDue);

    [LoggerMessage(702, LogLevel.Information, "Function '{FunctionName}' is configured to run on startup: executing it now.")]
    public static partial void RunOnStartup(ILogger logger, string functionName);

    [LoggerMessage(703, LogLevel.Debug, "Function '{FunctionName}' fired for {Scheduled:o}, {LatenessMs:F1} ms late.")]
    public static partial void Lateness(ILogger logger, string functionName, DateTime scheduled, double latenessMs);

    [LoggerMessage(704, LogLevel.Error, "Function '{FunctionName}' failed to update the timer trigger status.")]
    public static partial void StatusUpdateFailed(ILogger logger, string functionName, Exception exception);

    [LoggerMessage(705, LogLevel.Error, "Timer listener of '{FunctionName}' failed; trying again.")]
    public static partial void ListenerError(ILogger logger, string functionName, Exception exception);

    [LoggerMessage(706, LogLevel.Debug, "Function '{FunctionName}': this host holds the listener lock and runs the schedule.")]
    public static partial void LockAcquired(ILogger logger, string functionName);

    [LoggerMessage(707, LogLevel.Debug, "Function '{FunctionName}': another host holds the listener lock; trying again every {Interval}.")]
    public static partial void LockHeldElsewhere(ILogger logger, string functionName, TimeSpan interval);

    [LoggerMessage(708, LogLevel.Warning, "Function '{FunctionName}': the listener lock was not renewed in time; this host stops firing.")]
    public static partial void LockNotHeld(ILogger logger, string functionName);

    [LoggerMessage(709, LogLevel.Warning, "Listener lock '{LockBlob}' lost: {Reason}.")]
    public static partial void LockLost(ILogger logger, string lockBlob, string reason);

    [LoggerMessage(710, LogLevel.Warning, "Listener lock '{LockBlob}' renewal failed ({Reason}); retrying.")]
    public static partial void LockRenewFailed(ILogger logger, string lockBlob, string reason);

    [LoggerMessage(711, LogLevel.Debug, "Listener lock '{LockBlob}' released.")]
    public static partial void LockReleased(ILogger logger, string lockBlob);

    [LoggerMessage(712, LogLevel.Warning, "Listener lock '{LockBlob}' could not be released ({Reason}); it expires by itself.")]
    public static partial void LockReleaseFailed(ILogger logger, string lockBlob, string reason);

    [LoggerMessage(713, LogLevel.Debug, "Function '{FunctionName}' runs more than once a minute ({Schedule}): its schedule is not monitored, as in Functions.")]
    public static partial void MonitorOff(ILogger logger, string functionName, string schedule);

    [LoggerMessage(714, LogLevel.Warning, "Function '{FunctionName}': {Problem} It is rewritten from the schedule.")]
    public static partial void StatusUnreadable(ILogger logger, string functionName, string problem);
}
