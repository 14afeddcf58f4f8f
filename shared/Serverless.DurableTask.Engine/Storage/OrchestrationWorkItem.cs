namespace Serverless.DurableTask.Engine.Storage;

/// <summary>
/// The messages locked for one instance, as handed to the orchestration dispatcher. While the work item is held no other
/// work item for the same instance is handed out (one episode per instance at a time). Backends may subclass it to carry
/// their own receipts (queue pop receipts, ...).
/// </summary>
public class OrchestrationWorkItem
{
    public required string InstanceId { get; init; }

    /// <summary>The new messages for the instance, in arrival order (timers only once due). Never empty.</summary>
    public required IReadOnlyList<TaskMessage> NewMessages { get; init; }

    /// <summary>
    /// Identifies this worker's current claim on the instance's partition (for example lease id plus an acquisition
    /// counter). It changes whenever ownership was lost and re-acquired, so an engine that cached state under an equal token
    /// knows nobody else wrote the instance in between and may skip loading history (extended sessions).
    /// </summary>
    public required string OwnershipToken { get; init; }

    /// <summary>Until when the lock is held; renew with <see cref="IOrchestrationService.RenewOrchestrationWorkItemLockAsync"/>.</summary>
    public DateTimeOffset LockedUntil { get; set; }
}

/// <summary>The stored history of an instance's current execution and the token that guards the next commit.</summary>
public sealed record OrchestrationHistory(IReadOnlyList<HistoryEvent> Events, OrchestrationState? State, string? ETag);
