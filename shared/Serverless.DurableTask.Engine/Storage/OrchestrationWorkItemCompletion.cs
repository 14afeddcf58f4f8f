namespace Serverless.DurableTask.Engine.Storage;

/// <summary>
/// The result of one episode, committed by <see cref="IOrchestrationService.CompleteOrchestrationWorkItemAsync"/>.
/// </summary>
public sealed record OrchestrationWorkItemCompletion
{
    /// <summary>
    /// The ETag of the history the engine replayed (from <see cref="OrchestrationHistory.ETag"/> or the previous commit);
    /// null when the instance had no stored history. The backend rejects the commit when the stored ETag differs.
    /// </summary>
    public string? ExpectedETag { get; init; }

    /// <summary>Events to append to the current execution's history, in order.</summary>
    public required IReadOnlyList<HistoryEvent> NewHistoryEvents { get; init; }

    /// <summary>
    /// True when <see cref="NewHistoryEvents"/> start a new execution (ContinueAsNew, or a restart of a terminal instance
    /// under the same id): the backend replaces the stored history with them instead of appending.
    /// </summary>
    public bool StartsNewExecution { get; init; }

    /// <summary>The instance row after the episode. Null only when the work item was dropped (nothing to store).</summary>
    public OrchestrationState? NewState { get; init; }

    /// <summary>Activity executions to enqueue on the work-item queue (events are <see cref="TaskScheduledEvent"/>).</summary>
    public IReadOnlyList<TaskMessage> ActivityMessages { get; init; } = [];

    /// <summary>Messages to orchestration instances: sub-orchestration starts, results to a parent, sent events, carried-over events to itself.</summary>
    public IReadOnlyList<TaskMessage> OrchestratorMessages { get; init; } = [];

    /// <summary>Durable timers (events are <see cref="TimerFiredEvent"/>, <see cref="TaskMessage.VisibleAt"/> = fire time).</summary>
    public IReadOnlyList<TaskMessage> TimerMessages { get; init; } = [];
}

/// <summary>Thrown by a backend when a commit's ETag or ownership check fails: the engine drops its cached state and retries.</summary>
public sealed class OrchestrationConflictException(string message, Exception? innerException = null) : Exception(message, innerException);
