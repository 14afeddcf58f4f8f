using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Runtime;

/// <summary>The task runtime's log messages: 7100-7129 client, 7130-7179 worker, 7180-7199 slots. Parameters are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(7100, LogLevel.Debug, "Task {TaskName} run {RunId} enqueued at priority {Priority}, due {DueAt:o}.")]
    public static partial void RunEnqueued(ILogger logger, string taskName, string runId, int priority, DateTimeOffset? dueAt);

    [LoggerMessage(7101, LogLevel.Information, "Task {TaskName} run {RunId} released.")]
    public static partial void RunReleased(ILogger logger, string taskName, string runId);

    [LoggerMessage(7102, LogLevel.Information, "Task {TaskName} run {RunId} starts its chain.")]
    public static partial void ChainStarting(ILogger logger, string taskName, string runId);

    [LoggerMessage(7103, LogLevel.Information, "Task {TaskName} run {RunId} abort requested (it was {Status}).")]
    public static partial void AbortRequested(ILogger logger, string taskName, string runId, TaskRunStatus status);

    [LoggerMessage(7104, LogLevel.Warning, "Task {TaskName} run {RunId} of schedule {ScheduleId} skipped: {Reason}.")]
    public static partial void RunSkipped(ILogger logger, string taskName, string runId, string? scheduleId, string reason);

    [LoggerMessage(7131, LogLevel.Information, "Task {TaskName} run {RunId} attempt {Attempt} started (schedule {ScheduleId}, priority {Priority}).")]
    public static partial void RunStarted(ILogger logger, string taskName, string runId, int attempt, string? scheduleId, int priority);

    [LoggerMessage(7132, LogLevel.Information, "Task {TaskName} run {RunId} attempt {Attempt} succeeded in {ElapsedMs:F0} ms.")]
    public static partial void RunSucceeded(ILogger logger, string taskName, string runId, int attempt, double elapsedMs);

    [LoggerMessage(7133, LogLevel.Warning, "Task {TaskName} run {RunId} attempt {Attempt} failed; retry in {DelayMs:F0} ms.")]
    public static partial void RunRetrying(ILogger logger, Exception exception, string taskName, string runId, int attempt, double delayMs);

    [LoggerMessage(7134, LogLevel.Error, "Task {TaskName} run {RunId} attempt {Attempt} failed; no retry is left.")]
    public static partial void RunFailed(ILogger logger, Exception exception, string taskName, string runId, int attempt);

    [LoggerMessage(7135, LogLevel.Error, "Task {TaskName} run {RunId} dead-lettered after {Attempt} attempt(s): {Reason}")]
    public static partial void RunDeadLettered(ILogger logger, string taskName, string runId, int attempt, string reason);

    [LoggerMessage(7136, LogLevel.Information, "Task {TaskName} run {RunId} aborted (attempt {Attempt}): {Reason}.")]
    public static partial void RunAborted(ILogger logger, string taskName, string runId, int attempt, string reason);

    [LoggerMessage(7137, LogLevel.Warning, "Task {TaskName} run {RunId} attempt {Attempt} was interrupted: its host {Host} stopped while it ran.")]
    public static partial void RunInterrupted(ILogger logger, string taskName, string runId, int attempt, string? host);

    [LoggerMessage(7138, LogLevel.Information, "Task {TaskName} run {RunId}: duplicate message {MessageId} deleted.")]
    public static partial void DuplicateMessage(ILogger logger, string taskName, string runId, string messageId);

    [LoggerMessage(7139, LogLevel.Debug, "Task {TaskName} run {RunId} was claimed by another host.")]
    public static partial void ClaimConflict(ILogger logger, string taskName, string runId);

    [LoggerMessage(7140, LogLevel.Debug, "Task {TaskName} run {RunId} waits: max concurrency {MaxConcurrency} reached.")]
    public static partial void ConcurrencyFull(ILogger logger, string taskName, string runId, int maxConcurrency);

    [LoggerMessage(7141, LogLevel.Debug, "Task {TaskName} run {RunId} (opportunistic) waits for idle capacity.")]
    public static partial void OpportunisticHeldBack(ILogger logger, string taskName, string runId);

    [LoggerMessage(7142, LogLevel.Information, "Task {TaskName} run {RunId} attempt {Attempt} cancelled by the host's shutdown; its message comes back.")]
    public static partial void RunLeftAtShutdown(ILogger logger, string taskName, string runId, int attempt);

    [LoggerMessage(7143, LogLevel.Warning, "Message {MessageId} of queue {Queue} left at shutdown; it comes back.")]
    public static partial void MessageLeftAtShutdown(ILogger logger, string queue, string messageId);

    [LoggerMessage(7144, LogLevel.Error, "Message {MessageId} of queue {Queue} could not be handled; a copy comes back to resume it.")]
    public static partial void MessageFailed(ILogger logger, Exception exception, string queue, string messageId);

    [LoggerMessage(7146, LogLevel.Error, "Message {MessageId} of queue {Queue} moved to the dead-letter queue: {Reason}.")]
    public static partial void PoisonMessage(ILogger logger, string queue, string messageId, string reason);

    [LoggerMessage(7148, LogLevel.Warning, "Task {TaskName} run {RunId}: checking for an abort failed.")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string taskName, string runId);

    [LoggerMessage(7149, LogLevel.Error, "Task {TaskName} run {RunId}: its on-failure task {OnFailure} refused the failure.")]
    public static partial void OnFailureRefused(ILogger logger, Exception exception, string taskName, string runId, string onFailure);

    [LoggerMessage(7150, LogLevel.Warning, "Task {TaskName} run {RunId} is CPU-bound but no CPU-bound runner is registered: it runs in this process.")]
    public static partial void CpuBoundInProcess(ILogger logger, string taskName, string runId);

    [LoggerMessage(7152, LogLevel.Warning, "Task {TaskName} run {RunId} attempt {Attempt}: its outcome {Outcome} was not written, the record moved on meanwhile (now {Current}): another host took the run over.")]
    public static partial void OutcomeDropped(ILogger logger, string taskName, string runId, int attempt, TaskRunStatus outcome, TaskRunStatus? current);

    [LoggerMessage(7153, LogLevel.Warning, "Task {TaskName} run {RunId}: no task of that name on host {HostId} (delivery {DequeueCount} of {Limit}); the message is given back for a host that knows it.")]
    public static partial void UnknownTaskDeferred(ILogger logger, string taskName, string runId, string hostId, long dequeueCount, long limit);

    [LoggerMessage(7180, LogLevel.Warning, "Renewing the slot lease {Slot} failed.")]
    public static partial void SlotRenewFailed(ILogger logger, Exception exception, string slot);
}
