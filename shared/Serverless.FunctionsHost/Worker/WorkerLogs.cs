using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.Worker;

/// <summary>The worker's RpcLog messages into the host's log, under the worker's category, with the invocation id.</summary>
internal static class WorkerLogs
{
    public static void Write(ILoggerFactory loggers, RpcLog log)
    {
        if (log.LogCategory == RpcLog.Types.RpcLogCategory.CustomMetric)
        {
            return;
        }

        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        var logger = loggers.CreateLogger(string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category);
        if (level == LogLevel.None || !logger.IsEnabled(level))
        {
            return;
        }

        var exception = log.Exception is { } e ? new WorkerLoggedException(e) : null;
        if (string.IsNullOrEmpty(log.InvocationId))
        {
            logger.Log(level, default, log.Message, exception, static (m, _) => m);
            return;
        }

        using (logger.BeginScope(new Dictionary<string, object> { ["InvocationId"] = log.InvocationId }))
        {
            logger.Log(level, default, log.Message, exception, static (m, _) => m);
        }
    }
}

/// <summary>An exception the worker logged, carried into the host's log with its type, message and stack.</summary>
internal sealed class WorkerLoggedException : Exception
{
    public WorkerLoggedException(RpcException exception)
        : base($"{exception.Type}: {exception.Message}".TrimStart(':', ' ')) => RemoteStackTrace = exception.StackTrace;

    public WorkerLoggedException()
    {
    }

    public WorkerLoggedException(string message)
        : base(message)
    {
    }

    public WorkerLoggedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? RemoteStackTrace { get; }

    public override string? StackTrace => RemoteStackTrace;
}
