using Microsoft.Extensions.Logging;

namespace Serverless.Jobs.Functions;

/// <summary>Log messages of the CPU-bound task bindings. Event ids 7100-7199.</summary>
internal static partial class Log
{
    [LoggerMessage(7100, LogLevel.Information, "{Description}")]
    public static partial void TaskDeclared(ILogger logger, string description);

    [LoggerMessage(7101, LogLevel.Information, "CPU-bound task '{TaskName}' of instance '{InstanceId}': job '{JobId}' started or resumed.")]
    public static partial void JobStarted(ILogger logger, string taskName, string instanceId, string jobId);

    [LoggerMessage(7102, LogLevel.Information, "CPU-bound task '{TaskName}' of instance '{InstanceId}': job '{JobId}' ended (Succeeded={Succeeded}).")]
    public static partial void JobEnded(ILogger logger, string taskName, string instanceId, string jobId, bool succeeded);
}
