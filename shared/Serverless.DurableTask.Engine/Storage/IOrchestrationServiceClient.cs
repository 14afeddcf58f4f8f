using Serverless.DurableTask.Client;

namespace Serverless.DurableTask.Engine.Storage;

/// <summary>
/// The client side of a durable storage backend (modelled on DTFx's IOrchestrationServiceClient): what
/// DurableTaskClient and the HTTP management API need. Waiting for a state change is done by the caller, by polling
/// <see cref="GetStateAsync"/>.
/// </summary>
public interface IOrchestrationServiceClient
{
    /// <summary>
    /// Creates an instance: writes its state row (Pending) and enqueues <paramref name="creationMessage"/> (an
    /// <see cref="ExecutionStartedEvent"/>, visible at its ScheduledStartTime). When an instance with that id exists and its
    /// status is in <paramref name="dedupeStatuses"/> (by default every non-terminal status: Pending, Running, Suspended),
    /// throws <see cref="OrchestrationAlreadyExistsException"/> and changes nothing. A terminal instance is replaced.
    /// </summary>
    Task CreateInstanceAsync(TaskMessage creationMessage, IReadOnlyCollection<OrchestrationRuntimeStatus>? dedupeStatuses, CancellationToken cancellationToken);

    /// <summary>Enqueues a message to an instance: EventRaised, ExecutionTerminated, ExecutionSuspended, ExecutionResumed.</summary>
    Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken);

    /// <summary>The instance's state row, or null. Without <paramref name="includeInputsAndOutputs"/> Input, Output and CustomStatus may be null.</summary>
    Task<OrchestrationState?> GetStateAsync(string instanceId, bool includeInputsAndOutputs, CancellationToken cancellationToken);

    /// <summary>One page of instances matching the query, ordered stably so that the continuation token resumes after it.</summary>
    Task<OrchestrationStatePage> QueryStatesAsync(OrchestrationStateQuery query, CancellationToken cancellationToken);

    /// <summary>The current execution's history, oldest first (empty when the instance does not exist).</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes a terminal instance's state, history and payloads. Returns 1 when deleted, 0 when absent or not terminal.</summary>
    Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes every terminal instance matching the filter; returns how many.</summary>
    Task<int> PurgeInstancesAsync(OrchestrationPurgeFilter filter, CancellationToken cancellationToken);
}

/// <summary>A query over instance rows. Null members do not filter.</summary>
public sealed record OrchestrationStateQuery
{
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public string? InstanceIdPrefix { get; init; }

    public int PageSize { get; init; } = 100;

    public string? ContinuationToken { get; init; }

    public bool FetchInputsAndOutputs { get; init; }
}

public sealed record OrchestrationStatePage(IReadOnlyList<OrchestrationState> States, string? ContinuationToken);

/// <summary>Which terminal instances a purge deletes. Statuses null means Completed, Failed and Terminated.</summary>
public sealed record OrchestrationPurgeFilter
{
    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }
}

/// <summary>Thrown when creating an instance whose id is already used by a non-terminal instance.</summary>
public sealed class OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
    : InvalidOperationException($"An orchestration instance with the ID '{instanceId}' and status '{status}' already exists.")
{
    public string InstanceId { get; } = instanceId;

    public OrchestrationRuntimeStatus Status { get; } = status;
}
