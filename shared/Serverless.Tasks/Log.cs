using Microsoft.Extensions.Logging;

namespace Serverless.Tasks;

/// <summary>The task model's log messages. Event ids: 100-119 lifecycle tasks.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Lifecycle task {Task}: set up in {ElapsedMs} ms")]
    public static partial void LifecycleSetUp(ILogger logger, string task, long elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Lifecycle task {Task}: setup failed; its ticks on this host fail with this error")]
    public static partial void LifecycleSetupFailed(ILogger logger, string task, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Lifecycle task {Task}: cleaned up")]
    public static partial void LifecycleCleanedUp(ILogger logger, string task);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Lifecycle task {Task}: cleanup failed")]
    public static partial void LifecycleCleanupFailed(ILogger logger, string task, Exception exception);
}
