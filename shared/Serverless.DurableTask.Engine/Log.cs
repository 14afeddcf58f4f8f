using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.Engine;

/// <summary>Engine log messages; event ids 3000-3099 dispatch, 3100-3199 activities, 3200-3299 worker.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Debug, "Orchestration '{Name}' instance '{InstanceId}' episode: {MessageCount} message(s), status {Status}, replayed {Replayed} event(s)")]
    public static partial void EpisodeCompleted(ILogger logger, string name, string instanceId, int messageCount, string status, int replayed);

    [LoggerMessage(3001, LogLevel.Information, "Instance '{InstanceId}': commit conflict, dropping cached state and retrying: {Reason}")]
    public static partial void CommitConflict(ILogger logger, string instanceId, string reason);

    [LoggerMessage(3002, LogLevel.Error, "Instance '{InstanceId}': the episode failed and its messages are abandoned for redelivery")]
    public static partial void EpisodeFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(3003, LogLevel.Debug, "Instance '{InstanceId}': {Count} message(s) dropped (no such instance, or it has ended)")]
    public static partial void MessagesDropped(ILogger logger, string instanceId, int count);

    [LoggerMessage(3004, LogLevel.Warning, "Orchestration '{Name}' instance '{InstanceId}' failed: {Failure}")]
    public static partial void OrchestrationFailed(ILogger logger, string name, string instanceId, string failure);

    [LoggerMessage(3100, LogLevel.Warning, "Activity '{Name}' (instance '{InstanceId}', task #{TaskId}) failed: {Failure}")]
    public static partial void ActivityFailed(ILogger logger, string name, string instanceId, int taskId, string failure);

    [LoggerMessage(3101, LogLevel.Error, "Activity work item '{WorkItemId}' could not be completed; it will be redelivered")]
    public static partial void ActivityCompleteFailed(ILogger logger, string workItemId, Exception exception);

    [LoggerMessage(3200, LogLevel.Error, "The {Dispatcher} dispatcher could not receive work; retrying")]
    public static partial void ReceiveFailed(ILogger logger, string dispatcher, Exception exception);

    [LoggerMessage(3201, LogLevel.Information, "Durable worker for task hub '{HubName}' started: {Orchestrators} orchestrator(s), {Activities} activity(ies)")]
    public static partial void WorkerStarted(ILogger logger, string hubName, int orchestrators, int activities);

    [LoggerMessage(3202, LogLevel.Information, "Durable worker for task hub '{HubName}' stopped")]
    public static partial void WorkerStopped(ILogger logger, string hubName);
}
