using Azure.Data.Tables;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// Loading and committing episodes. Commit order (the crash-safety contract): history rows + sentinel in ETag-checked
/// batches, then the instance row, then the outbound messages (stable message ids in their bodies), then the deletes of
/// the consumed messages. A crash before the history commit loses nothing (the messages come back); after it, the
/// messages come back and the engine drops them as applied, while re-sent outbound messages are dropped by their ids.
/// </summary>
internal sealed partial class AzureStorageOrchestrationService
{
    private readonly Dictionary<string, HistoryStore.Loaded> _historyCache = new(StringComparer.Ordinal);

    public async Task<OrchestrationHistory> LoadHistoryAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var historyTask = History.LoadAsync(workItem.InstanceId, cancellationToken);
        var stateTask = Instances.GetAsync(workItem.InstanceId, includePayloads: true, cancellationToken);
        var loaded = await historyTask.ConfigureAwait(false);
        var row = await stateTask.ConfigureAwait(false);
        lock (_sessionGate)
        {
            _historyCache[workItem.InstanceId] = loaded with { Events = [] };
        }

        var state = await RepairStaleRowAsync(workItem.InstanceId, loaded, row, cancellationToken).ConfigureAwait(false);
        return new OrchestrationHistory(loaded.Events, state, loaded.ETag);
    }

    public async Task<string> CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationWorkItemCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var item = (AzureOrchestrationWorkItem)workItem;
        try
        {
            if (Partitions.TokenOf(item.Partition) != item.OwnershipToken)
            {
                throw new OrchestrationConflictException($"Worker {Partitions.WorkerId} no longer owns partition {item.Partition} of instance '{item.InstanceId}' under token '{item.OwnershipToken}'; the episode was not committed.");
            }

            var previous = await PreviousHistoryAsync(item.InstanceId, completion.ExpectedETag, cancellationToken).ConfigureAwait(false);
            var executionId = ExecutionIdOf(completion, previous);
            string? etag;
            try
            {
                etag = await History.CommitAsync(item.InstanceId, previous, executionId, completion.StartsNewExecution, completion.NewHistoryEvents, cancellationToken).ConfigureAwait(false);
            }
            catch (OrchestrationConflictException)
            {
                ForgetHistory(item.InstanceId);
                throw;
            }

            lock (_sessionGate)
            {
                var baseCount = HistoryStore.BaseCount(previous, executionId, completion.StartsNewExecution);
                _historyCache[item.InstanceId] = new HistoryStore.Loaded([], executionId, baseCount + completion.NewHistoryEvents.Count, etag);
            }

            if (completion.NewState is { } state)
            {
                var count = HistoryStore.BaseCount(previous, executionId, completion.StartsNewExecution) + completion.NewHistoryEvents.Count;
                await Instances.UpsertAsync(state, executionId, count, cancellationToken).ConfigureAwait(false);
            }

            await SendOutboundAsync(completion, cancellationToken).ConfigureAwait(false);
            await Bounded.ForEachAsync(item.Messages, (m, ct) => m.Queue.DeleteAsync(m, ct), cancellationToken).ConfigureAwait(false);
            return etag ?? string.Empty;
        }
        finally
        {
            Release(item.InstanceId);
        }
    }

    public async Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        var item = (AzureOrchestrationWorkItem)workItem;
        ForgetHistory(item.InstanceId);
        try
        {
            await Bounded.ForEachAsync(item.Messages, (m, ct) => m.Queue.SetVisibilityAsync(m, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, ct), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(item.InstanceId);
        }
    }

    public async Task RenewOrchestrationWorkItemLockAsync(OrchestrationWorkItem workItem, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var item = (AzureOrchestrationWorkItem)workItem;
        await Bounded.ForEachAsync(item.Messages, (m, ct) => m.Queue.SetVisibilityAsync(m, lockTimeout, ct), cancellationToken).ConfigureAwait(false);
        item.LockedUntil = _timeProvider.GetUtcNow() + lockTimeout;
    }

    private async Task SendOutboundAsync(OrchestrationWorkItemCompletion completion, CancellationToken cancellationToken)
    {
        var sends = new List<(TaskMessage Message, bool Activity)>(completion.ActivityMessages.Count + completion.OrchestratorMessages.Count + completion.TimerMessages.Count);
        sends.AddRange(completion.ActivityMessages.Select(m => (m, true)));
        sends.AddRange(completion.OrchestratorMessages.Concat(completion.TimerMessages).Select(m => (m, false)));
        await Bounded.ForEachAsync(sends, (send, ct) => send.Activity ? _workItems.SendAsync(send.Message, ct) : SendToInstanceAsync(send.Message, ct), cancellationToken).ConfigureAwait(false);
        if (completion.ActivityMessages.Count > 0)
        {
            _activityArrived.Set();
        }
    }

    private static string ExecutionIdOf(OrchestrationWorkItemCompletion completion, HistoryStore.Loaded previous)
    {
        if ((completion.StartsNewExecution || previous.ExecutionId is null)
            && completion.NewHistoryEvents.OfType<ExecutionStartedEvent>().FirstOrDefault() is { } started)
        {
            return started.ExecutionId;
        }

        return previous.ExecutionId ?? completion.NewState?.ExecutionId
            ?? throw new InvalidOperationException("An episode without stored history must start with an ExecutionStarted event or carry a new state.");
    }

    /// <summary>The committed history the engine replayed, from this worker's cache or (one point read) the sentinel row.</summary>
    private async Task<HistoryStore.Loaded> PreviousHistoryAsync(string instanceId, string? expectedETag, CancellationToken cancellationToken)
    {
        if (expectedETag is null)
        {
            return new HistoryStore.Loaded([], null, 0, null);
        }

        lock (_sessionGate)
        {
            if (_historyCache.TryGetValue(instanceId, out var cached) && cached.ETag == expectedETag)
            {
                return cached;
            }
        }

        var sentinel = await History.Table.GetEntityIfExistsAsync<TableEntity>(KeyEncoding.Encode(instanceId), HistoryStore.SentinelRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!sentinel.HasValue || sentinel.Value is null || sentinel.Value.ETag.ToString() != expectedETag)
        {
            throw new OrchestrationConflictException($"The history of instance '{instanceId}' changed since ETag {expectedETag} was read; the episode was not committed.");
        }

        return new HistoryStore.Loaded([], sentinel.Value.GetString("ExecutionId"), sentinel.Value.GetInt32("Count") ?? 0, expectedETag);
    }

    private void ForgetHistory(string instanceId)
    {
        lock (_sessionGate)
        {
            _historyCache.Remove(instanceId);
        }
    }
}
