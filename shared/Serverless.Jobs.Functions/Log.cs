using Microsoft.Extensions.Logging;

namespace Serverless.Jobs.Functions;

/// <summary>The job functions' log messages; event ids 5100-5119.</summary>
internal static partial class Log
{
    [LoggerMessage(5100, LogLevel.Information, "Job {JobId} task {TaskName} started for {Caller}.")]
    public static partial void JobStarted(ILogger logger, string jobId, string taskName, string caller);

    [LoggerMessage(5101, LogLevel.Information, "Job {JobId} ended (succeeded {Succeeded}); told its waiter {Waiter}.")]
    public static partial void CompletionRaised(ILogger logger, string jobId, string waiter, bool succeeded);

    [LoggerMessage(5102, LogLevel.Warning, "Job {JobId} ended but its run names no waiting orchestration; nothing told.")]
    public static partial void NoWaiter(ILogger logger, string jobId);

    [LoggerMessage(5103, LogLevel.Warning, "Job {JobId}: its caller {Caller} is {Status}; stopping the job.")]
    public static partial void CallerEnded(ILogger logger, string jobId, string caller, string status);
}
