using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.InMemory;

public sealed partial class InMemoryOrchestrationService
{
    private static readonly OrchestrationRuntimeStatus[] NonTerminal =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private static readonly OrchestrationRuntimeStatus[] PurgeableByDefault =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public Task CreateInstanceAsync(TaskMessage creationMessage, IReadOnlyCollection<OrchestrationRuntimeStatus>? dedupeStatuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent started)
        {
            throw new ArgumentException($"A creation message carries an {nameof(ExecutionStartedEvent)}, not {creationMessage.Event.GetType().Name}.", nameof(creationMessage));
        }

        lock (_gate)
        {
            var record = GetOrCreate(creationMessage.InstanceId);
            if (record.State is { } existing && (dedupeStatuses ?? NonTerminal).Contains(existing.Status))
            {
                throw new OrchestrationAlreadyExistsException(existing.InstanceId, existing.Status);
            }

            var now = _time.GetUtcNow();
            record.State = OrchestrationState.Pending(started.InstanceId, started, now);
            EnqueueControl(creationMessage with { VisibleAt = creationMessage.VisibleAt ?? started.ScheduledStartTime }, now);
            Pulse();
        }

        return Task.CompletedTask;
    }

    public Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            EnqueueControl(message, _time.GetUtcNow());
            Pulse();
        }

        return Task.CompletedTask;
    }

    public Task<OrchestrationState?> GetStateAsync(string instanceId, bool includeInputsAndOutputs, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var state = _instances.TryGetValue(instanceId, out var record) ? record.State : null;
            return Task.FromResult(state is null ? null : Project(state, includeInputsAndOutputs));
        }
    }

    public Task<OrchestrationStatePage> QueryStatesAsync(OrchestrationStateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var matches = _instances
                .Where(pair => pair.Value.State is not null && (query.ContinuationToken is null || string.CompareOrdinal(pair.Key, query.ContinuationToken) > 0))
                .Select(pair => pair.Value.State!)
                .Where(s => query.Statuses is null || query.Statuses.Count == 0 || query.Statuses.Contains(s.Status))
                .Where(s => query.CreatedFrom is null || s.CreatedAt >= query.CreatedFrom)
                .Where(s => query.CreatedTo is null || s.CreatedAt <= query.CreatedTo)
                .Where(s => query.InstanceIdPrefix is null || s.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                .OrderBy(s => s.InstanceId, StringComparer.Ordinal)
                .Take(Math.Max(1, query.PageSize) + 1)
                .ToList();
            var pageSize = Math.Max(1, query.PageSize);
            var page = matches.Take(pageSize).Select(s => Project(s, query.FetchInputsAndOutputs)).ToList();
            var token = matches.Count > pageSize ? page[^1].InstanceId : null;
            return Task.FromResult(new OrchestrationStatePage(page, token));
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryEvent> history = _instances.TryGetValue(instanceId, out var record) ? [.. record.History] : [];
            return Task.FromResult(history);
        }
    }

    public Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_instances.TryGetValue(instanceId, out var record) && record.State is { IsTerminal: true } && record.LockId is null)
            {
                _instances.Remove(instanceId);
                return Task.FromResult(1);
            }

            return Task.FromResult(0);
        }
    }

    public Task<int> PurgeInstancesAsync(OrchestrationPurgeFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var statuses = filter.Statuses is { Count: > 0 } ? filter.Statuses : PurgeableByDefault;
            var doomed = _instances
                .Where(pair => pair.Value.State is { IsTerminal: true } s && pair.Value.LockId is null
                    && statuses.Contains(s.Status)
                    && (filter.CreatedFrom is null || s.CreatedAt >= filter.CreatedFrom)
                    && (filter.CreatedTo is null || s.CreatedAt <= filter.CreatedTo))
                .Select(pair => pair.Key)
                .ToList();
            foreach (var id in doomed)
            {
                _instances.Remove(id);
            }

            return Task.FromResult(doomed.Count);
        }
    }

    private static OrchestrationState Project(OrchestrationState state, bool includeInputsAndOutputs) =>
        includeInputsAndOutputs ? state : state with { Input = null, Output = null, CustomStatus = null };
}
