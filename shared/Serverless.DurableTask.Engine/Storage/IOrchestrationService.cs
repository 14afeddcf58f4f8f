namespace Serverless.DurableTask.Engine.Storage;

/// <summary>
/// The worker side of a durable storage backend (modelled on the Durable Task Framework's IOrchestrationService).
/// <para>
/// <b>Model.</b> Control messages (<see cref="TaskMessage"/>) go to orchestration instances, grouped per instance into
/// <see cref="OrchestrationWorkItem"/>s; activity messages go to one work-item queue and come back one by one as
/// <see cref="ActivityWorkItem"/>s. An instance has a history (its current execution's events) and a state row
/// (<see cref="OrchestrationState"/>). Delivery is at least once: every message may arrive more than once, and the engine
/// drops duplicates (a completion whose TaskScheduledId already completed, a timer that already fired, a message whose
/// <see cref="TaskMessage.MessageId"/> it has already applied).
/// </para>
/// <para>
/// <b>Crash-safety contract.</b> A process may die between any two steps below; each backend must guarantee:
/// <list type="number">
/// <item>Locking messages changes nothing durable except their visibility. If the worker dies while holding a lock, the
/// messages become visible again after the lock timeout and are redelivered (with a higher DequeueCount).</item>
/// <item><see cref="CompleteOrchestrationWorkItemAsync"/> commits, per instance, atomically and guarded by
/// <see cref="OrchestrationWorkItemCompletion.ExpectedETag"/>: the new history events and the new state row are written
/// together or not at all (one table partition batch with an ETag check, one lock in memory). A stale ETag, or an
/// ownership token that is no longer current, throws <see cref="OrchestrationConflictException"/> and writes nothing.</item>
/// <item>Outbound messages (activities, orchestrator messages, timers) become visible only if the history commit
/// succeeded, and are never lost once it has: a backend that cannot send and commit in one transaction either sends first
/// with deterministic message ids (duplicates are dropped by the receiver, as the DTFx Azure Storage provider does), or
/// records the outbox in the same commit and sends it afterwards (re-sending after a crash).</item>
/// <item>The consumed messages of the work item are deleted only after the commit and the sends; a crash before the delete
/// redelivers them, and the engine recognises them as already applied and drops them (completions by their task id, other
/// messages by the <see cref="OrchestratorStartedEvent.ConsumedMessageIds"/> it wrote), so no orchestration step is
/// applied twice. Backends must therefore keep <see cref="TaskMessage.MessageId"/> unchanged across redeliveries.</item>
/// <item>After an <see cref="OrchestrationConflictException"/> (or any other failure of an episode) the engine calls
/// <see cref="AbandonOrchestrationWorkItemAsync"/>; abandoning a work item whose lock is already gone must be a no-op.</item>
/// <item><see cref="CompleteActivityWorkItemAsync"/> delivers the result message to the orchestration before deleting the
/// activity message; a crash in between runs the activity again (at least once), never loses its result.</item>
/// </list>
/// </para>
/// <para>
/// <b>Cached state (extended sessions).</b> The engine may keep an instance's replayed state in memory between episodes
/// and skip <see cref="LoadHistoryAsync"/> only while the backend says this worker still owns the instance's partition:
/// that is, while <see cref="OrchestrationWorkItem.OwnershipToken"/> equals the token under which the state was cached.
/// Backends must change the token whenever ownership may have been lost (lease lost, renewed after expiry, another host
/// took the partition). The ETag check of the commit remains the last line of defence: on
/// <see cref="OrchestrationConflictException"/> the engine discards its cache and replays from storage.
/// </para>
/// </summary>
public interface IOrchestrationService
{
    /// <summary>Prepares storage (queues, tables, containers, leases). Idempotent.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    /// <summary>Starts background work such as partition ownership; called when the worker starts.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops background work and releases partitions; called when the worker stops.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>How many orchestration work items the dispatcher may process in parallel (a backend hint).</summary>
    int MaxConcurrentOrchestrationWorkItems { get; }

    /// <summary>
    /// Locks the next instance that has visible messages, with all its visible messages, for <paramref name="lockTimeout"/>.
    /// Waits up to <paramref name="receiveTimeout"/> for one; returns null when none arrived. Never returns a second work
    /// item for an instance whose work item is still locked.
    /// </summary>
    Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(TimeSpan lockTimeout, TimeSpan receiveTimeout, CancellationToken cancellationToken);

    /// <summary>Reads the instance's current-execution history, its state row and the ETag that guards the next commit.</summary>
    Task<OrchestrationHistory> LoadHistoryAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken);

    /// <summary>
    /// Commits an episode (see the crash-safety contract), deletes the work item's messages and releases the instance.
    /// Returns the new ETag. Messages that arrived for the instance meanwhile are handed out in a later work item.
    /// </summary>
    Task<string> CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationWorkItemCompletion completion, CancellationToken cancellationToken);

    /// <summary>Releases the instance without committing; its messages become visible again after <paramref name="delay"/>.</summary>
    Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Extends the lock of a work item still being processed.</summary>
    Task RenewOrchestrationWorkItemLockAsync(OrchestrationWorkItem workItem, TimeSpan lockTimeout, CancellationToken cancellationToken);

    /// <summary>Locks the next visible activity message for <paramref name="lockTimeout"/>; waits up to <paramref name="receiveTimeout"/>.</summary>
    Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(TimeSpan lockTimeout, TimeSpan receiveTimeout, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="responseMessage"/> (TaskCompleted or TaskFailed) to the orchestration, then deletes the activity message.</summary>
    Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, TaskMessage responseMessage, CancellationToken cancellationToken);

    /// <summary>Releases the activity message; it becomes visible again after <paramref name="delay"/>.</summary>
    Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Extends the lock of an activity still running.</summary>
    Task RenewActivityWorkItemLockAsync(ActivityWorkItem workItem, TimeSpan lockTimeout, CancellationToken cancellationToken);
}
