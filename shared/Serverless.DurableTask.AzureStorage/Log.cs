using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Log messages of the Azure Storage backend (event ids 4100-4199).</summary>
internal static partial class Log
{
    [LoggerMessage(4100, LogLevel.Information, "Worker {WorkerId} acquired partition {Partition}.")]
    public static partial void PartitionAcquired(ILogger logger, string workerId, int partition);

    [LoggerMessage(4101, LogLevel.Information, "Worker {WorkerId} released partition {Partition}.")]
    public static partial void PartitionReleased(ILogger logger, string workerId, int partition);

    [LoggerMessage(4102, LogLevel.Warning, "Worker {WorkerId} lost partition {Partition}: {Reason}.")]
    public static partial void PartitionLost(ILogger logger, string workerId, int partition, string reason);

    [LoggerMessage(4103, LogLevel.Warning, "Partition maintenance of worker {WorkerId} failed; retrying next round.")]
    public static partial void PartitionMaintenanceFailed(ILogger logger, Exception exception, string workerId);

    [LoggerMessage(4104, LogLevel.Warning, "Receiving from queue {Queue} failed; retrying.")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(4105, LogLevel.Debug, "Dropped message {MessageId} for instance {InstanceId}: its lock expired before it was handed out.")]
    public static partial void DroppedExpiredMessage(ILogger logger, string messageId, string instanceId);

    [LoggerMessage(4106, LogLevel.Information, "Task hub {TaskHub} ready: {PartitionCount} control queues, worker {WorkerId}.")]
    public static partial void TaskHubReady(ILogger logger, string taskHub, int partitionCount, string workerId);

    [LoggerMessage(4107, LogLevel.Information, "Re-sent the last episode's {Count} outbound message(s) of instance {InstanceId}: its sender may have died before sending them.")]
    public static partial void OutboxResent(ILogger logger, string instanceId, int count);
}
