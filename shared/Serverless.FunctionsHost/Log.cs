using Microsoft.Extensions.Logging;

namespace Serverless.FunctionsHost;

/// <summary>
/// The host's log messages. Event ids: 1-99 host start and stop, 100-199 worker channel, 200-299 invocations and
/// bindings, 300-399 HTTP front and keys. No message carries a key, a connection string or another secret.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Host started: {FunctionCount} functions, worker process {ProcessId}, HTTP on {HttpUrl}, in {ElapsedMs:0} ms.")]
    public static partial void HostStarted(ILogger logger, int functionCount, int? processId, string httpUrl, double elapsedMs);

    [LoggerMessage(2, LogLevel.Information, "Host stopping: listeners stop, running invocations finish (drain).")]
    public static partial void HostStopping(ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "host.json: '{Key}' is not implemented by the local host and is ignored here (it still applies under func start and in Azure).")]
    public static partial void HostJsonKeyIgnored(ILogger logger, string key);

    [LoggerMessage(100, LogLevel.Debug, "Worker stdout: {Line}")]
    public static partial void WorkerStdout(ILogger logger, string line);

    [LoggerMessage(101, LogLevel.Error, "Worker process {ProcessId} is gone ({Reason}); restarting it. Its stderr ended with: {StderrTail}")]
    public static partial void WorkerExited(ILogger logger, int processId, string reason, string stderrTail);

    [LoggerMessage(102, LogLevel.Information, "Worker restarted as process {ProcessId} (attempt {Attempt}).")]
    public static partial void WorkerRestarted(ILogger logger, int processId, int attempt);

    [LoggerMessage(103, LogLevel.Error, "Worker restart attempt {Attempt} failed; next attempt in {Delay}.")]
    public static partial void WorkerRestartFailed(ILogger logger, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(104, LogLevel.Warning, "Worker process {ProcessId} did not exit within {Grace} of WorkerTerminate; killed.")]
    public static partial void WorkerKilledAtStop(ILogger logger, int processId, TimeSpan grace);

    [LoggerMessage(105, LogLevel.Warning, "Invocation {InvocationId} of '{FunctionName}' is sent again to the restarted worker (worker exit {Exits}: {Reason}).")]
    public static partial void InvocationResent(ILogger logger, string functionName, string invocationId, int exits, string reason);

    [LoggerMessage(200, LogLevel.Debug, "Executing 'Functions.{FunctionName}' (Id={InvocationId})")]
    public static partial void Invoking(ILogger logger, string functionName, string invocationId);

    [LoggerMessage(201, LogLevel.Debug, "Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs:0.0}ms)")]
    public static partial void Invoked(ILogger logger, string functionName, string invocationId, double durationMs);

    [LoggerMessage(202, LogLevel.Error, "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs:0.0}ms): {Error}")]
    public static partial void InvocationFailed(ILogger logger, string functionName, string invocationId, double durationMs, string? error);

    [LoggerMessage(300, LogLevel.Error, "HTTP function '{FunctionName}' failed for {Method} {Path}.")]
    public static partial void HttpFunctionFailed(ILogger logger, string functionName, string method, string path, Exception exception);

    [LoggerMessage(305, LogLevel.Error, "Function '{FunctionName}' run through the admin API failed.")]
    public static partial void AdminInvocationFailed(ILogger logger, string functionName, Exception exception);

    [LoggerMessage(301, LogLevel.Information, "Generated host keys into blob '{Container}/{Blob}'.")]
    public static partial void KeysGenerated(ILogger logger, string container, string blob);

    [LoggerMessage(302, LogLevel.Information, "Created system key '{KeyName}' in blob '{Container}/{Blob}'.")]
    public static partial void SystemKeyCreated(ILogger logger, string keyName, string container, string blob);

    [LoggerMessage(303, LogLevel.Information, "Created key '{KeyName}' of function '{FunctionName}' in blob '{Container}/{Blob}'.")]
    public static partial void FunctionKeyCreated(ILogger logger, string keyName, string functionName, string container, string blob);

    [LoggerMessage(304, LogLevel.Error, "Could not check the key of a request to {Path}.")]
    public static partial void KeyCheckFailed(ILogger logger, string path, Exception exception);
}
