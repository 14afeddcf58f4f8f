using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.Functions;

/// <summary>Log messages of the Durable Functions bindings. Event ids: 4100-4199 management API.</summary>
internal static partial class Log
{
    [LoggerMessage(4100, LogLevel.Warning, "Durable management API: {Method} {Path} refused without a valid system key.")]
    public static partial void Unauthorized(ILogger logger, string method, string path);

    [LoggerMessage(4101, LogLevel.Information, "Durable management API: {Operation} on instance '{InstanceId}'.")]
    public static partial void Operation(ILogger logger, string operation, string instanceId);
}
