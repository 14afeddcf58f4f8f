using Microsoft.Extensions.Logging;

namespace Serverless.Host;

/// <summary>The host's log messages. Event ids: 100-199 invocation, 200-299 hosting, 300-399 storage.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "Executing '{FunctionName}' (Reason='{Reason}', Id={InvocationId})")]
    public static partial void Executing(ILogger logger, string functionName, string reason, string invocationId);

    [LoggerMessage(101, LogLevel.Information, "Executed '{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs:F0}ms)")]
    public static partial void Executed(ILogger logger, string functionName, string invocationId, double durationMs);

    [LoggerMessage(102, LogLevel.Error, "Executed '{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs:F0}ms)")]
    public static partial void ExecutedFailed(ILogger logger, string functionName, string invocationId, double durationMs, Exception exception);

    [LoggerMessage(200, LogLevel.Information, "Host started: {FunctionCount} function(s), {ListenerCount} listener(s).")]
    public static partial void HostStarted(ILogger logger, int functionCount, int listenerCount);

    [LoggerMessage(201, LogLevel.Information, "Host stopping: draining {ListenerCount} listener(s).")]
    public static partial void Draining(ILogger logger, int listenerCount);

    [LoggerMessage(300, LogLevel.Information, "Azurite already listens on port {Port}; using it.")]
    public static partial void AzuriteAlreadyRunning(ILogger logger, int port);

    [LoggerMessage(301, LogLevel.Information, "Started Azurite (pid {ProcessId}) with data in {Location}.")]
    public static partial void AzuriteStarted(ILogger logger, int processId, string location);
}
