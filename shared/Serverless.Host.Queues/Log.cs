using Microsoft.Extensions.Logging;
using Serverless.Host.Queues.Pump;

namespace Serverless.Host.Queues;

/// <summary>The queue extension's log messages. Event ids 1100-1199. Never logs a connection string.</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Debug, "Queue listener for '{FunctionName}' started on '{QueueName}' (batchSize {BatchSize}, newBatchThreshold {NewBatchThreshold}).")]
    public static partial void ListenerStarted(ILogger logger, string functionName, string queueName, int batchSize, int newBatchThreshold);

    [LoggerMessage(1101, LogLevel.Information, "Queue listener for '{FunctionName}' on '{QueueName}' stopping: {Running} running, {Waiting} fetched but not started.")]
    public static partial void ListenerStopping(ILogger logger, string functionName, string queueName, int running, int waiting);

    [LoggerMessage(1102, LogLevel.Warning, "Receiving from queue '{QueueName}' for '{FunctionName}' failed; polling again after the back-off.")]
    public static partial void ReceiveFailed(ILogger logger, string queueName, string functionName, Exception exception);

    [LoggerMessage(1103, LogLevel.Error, "Message '{MessageId}' from queue '{QueueName}' (dequeue count {DequeueCount}) for '{FunctionName}' moves to the poison queue: {Reason}")]
    public static partial void MovingToPoison(ILogger logger, string messageId, string queueName, long dequeueCount, string functionName, string reason);

    [LoggerMessage(1104, LogLevel.Warning, "Message '{MessageId}' from queue '{QueueName}' (dequeue count {DequeueCount}) failed in '{FunctionName}'; retried after {VisibilityTimeout}.")]
    public static partial void Retrying(ILogger logger, string messageId, string queueName, long dequeueCount, string functionName, TimeSpan visibilityTimeout);

    [LoggerMessage(1105, LogLevel.Debug, "Message '{MessageId}' from queue '{QueueName}' for '{FunctionName}' is visible again.")]
    public static partial void Released(ILogger logger, string messageId, string queueName, string functionName);

    [LoggerMessage(1106, LogLevel.Warning, "Settling message '{MessageId}' from queue '{QueueName}' for '{FunctionName}' ({Outcome}) failed; it is delivered again when its visibility expires.")]
    public static partial void SettleFailed(ILogger logger, string messageId, string queueName, string functionName, MessageOutcome outcome, Exception exception);

    [LoggerMessage(1107, LogLevel.Debug, "Renewed the visibility of message '{MessageId}' from queue '{QueueName}' for '{FunctionName}'.")]
    public static partial void VisibilityRenewed(ILogger logger, string messageId, string queueName, string functionName);

    [LoggerMessage(1108, LogLevel.Warning, "Renewing the visibility of message '{MessageId}' from queue '{QueueName}' for '{FunctionName}' failed; another host may receive it.")]
    public static partial void RenewFailed(ILogger logger, string messageId, string queueName, string functionName, Exception exception);
}
