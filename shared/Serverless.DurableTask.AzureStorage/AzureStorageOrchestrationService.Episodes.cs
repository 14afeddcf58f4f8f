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
    private readonly Dictionary<string, string> _sentOutboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrchestrationState> _lastWrittenRows = new(StringComparer.Ordinal);

    /// <summary>How long an instance row may lag in LastUpdatedAt when nothing else in it changed.</summary>
    private static readonly TimeSpan RowRefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True when this worker wrote the same row (status, output, custom status, input, execution...) less than
    /// <see cref="RowRefreshInterval"/> ago: only LastUpdatedAt would change, so the write is skipped (one storage call less
    /// per episode of a running chain). Forgotten whenever partitions move or a conflict happens.
    /// </summary>
    private bool IsUnchangedRow(string instanceId, OrchestrationState state)
    {
        lock (_sessionGate)
        {
            if (_lastWrittenRows.Count > 100_000)
            {
                _lastWrittenRows.Clear();
            }

            return _lastWrittenRows.TryGetValue(instanceId, out var last)
                && state.LastUpdatedAt - last.LastUpdatedAt < RowRefreshInterval
                && state with { LastUpdatedAt = last.LastUpdatedAt } == last;
        }
    }

    public async Task<OrchestrationHistory> LoadHistoryAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var historyTask = History.LoadAsync(workItem.InstanceId, cancellationToken);
        var stateTask = Instances.GetAsync(workItem.InstanceId, includePayloads: true, cancellationToken);
        var loaded = await historyTask.ConfigureAwait(false);
        var row = await stateTask.ConfigureAwait(false);
        lock (_sessionGate)
        {
            _historyCache[workItem.InstanceId] = loaded with { Events = [], Outbox = null };
        }

        await ResendOutboxIfUnknownAsync(workItem.InstanceId, loaded, cancellationToken).ConfigureAwait(false);
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
            var outbox = OutboxOf(completion);
            string? etag;
            try
            {
                etag = await History.CommitAsync(item.InstanceId, previous, executionId, completion.StartsNewExecution, completion.NewHistoryEvents, cancellationToken, outbox).ConfigureAwait(false);
            }
            catch (OrchestrationConflictException)
            {
                ForgetHistory(item.InstanceId);
                throw;
            }

            lock (_sessionGate)
            {
                var baseCount = HistoryStore.BaseCount(previous, executionId, completion.StartsNewExecution);
                var committed = completion.NewHistoryEvents.Count > 0 || outbox is not null;
                _historyCache[item.InstanceId] = !committed
                    ? previous with { ETag = etag }
                    : new HistoryStore.Loaded([], executionId, baseCount + completion.NewHistoryEvents.Count, etag, outbox?.Id, outbox?.Entries.Count ?? 0, null,
                        outbox is null ? null : previous.OutboxSlot == "a" ? "b" : "a");
            }

            if (completion.NewState is { } state && !IsUnchangedRow(item.InstanceId, state))
            {
                var count = HistoryStore.BaseCount(previous, executionId, completion.StartsNewExecution) + completion.NewHistoryEvents.Count;
                await Instances.UpsertAsync(state, executionId, count, cancellationToken).ConfigureAwait(false);
                lock (_sessionGate)
                {
                    _lastWrittenRows[item.InstanceId] = state;
                }
            }

            if (outbox is not null)
            {
                await SendOutboxAsync(item.InstanceId, outbox, cancellationToken).ConfigureAwait(false);
            }

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

    private static HistoryStore.EpisodeOutbox? OutboxOf(OrchestrationWorkItemCompletion completion)
    {
        var entries = new List<OutboxEntry>(completion.ActivityMessages.Count + completion.OrchestratorMessages.Count + completion.TimerMessages.Count);
        entries.AddRange(completion.ActivityMessages.Select(m => new OutboxEntry(true, m)));
        entries.AddRange(completion.OrchestratorMessages.Concat(completion.TimerMessages).Select(m => new OutboxEntry(false, m)));
        return entries.Count == 0 ? null : new HistoryStore.EpisodeOutbox(Guid.NewGuid().ToString("N"), entries);
    }

    /// <summary>Sends an episode's outbox and remembers it was sent, so this worker does not re-send it on a reload.</summary>
    private async Task SendOutboxAsync(string instanceId, HistoryStore.EpisodeOutbox outbox, CancellationToken cancellationToken)
    {
        await Bounded.ForEachAsync(outbox.Entries, (send, ct) => send.Activity ? _workItems.SendAsync(send.Message, ct) : SendToInstanceAsync(send.Message, ct), cancellationToken).ConfigureAwait(false);
        if (outbox.Entries.Any(e => e.Activity))
        {
            _activityArrived.Set();
        }

        lock (_sessionGate)
        {
            if (_sentOutboxes.Count > 100_000)
            {
                _sentOutboxes.Clear();
            }

            _sentOutboxes[instanceId] = outbox.Id;
        }
    }

    /// <summary>
    /// On a reload, the last episode's outbox is sent again unless this worker knows it sent it: its sender may have died
    /// between the history commit and the last send. Receivers drop the duplicates by message id and task id.
    /// </summary>
    private async Task ResendOutboxIfUnknownAsync(string instanceId, HistoryStore.Loaded loaded, CancellationToken cancellationToken)
    {
        if (loaded.OutboxId is null || loaded.Outbox is not { Count: > 0 } entries)
        {
            return;
        }

        lock (_sessionGate)
        {
            if (_sentOutboxes.TryGetValue(instanceId, out var sent) && sent == loaded.OutboxId)
            {
                return;
            }
        }

        // Messages whose answer is already in the history were evidently sent: only the others go out again.
        var answered = loaded.Events.Select(e => e switch
        {
            TaskCompletedEvent c => c.TaskScheduledId,
            TaskFailedEvent f => f.TaskScheduledId,
            TimerFiredEvent t => t.TimerId,
            SubOrchestrationInstanceCompletedEvent c => c.TaskScheduledId,
            SubOrchestrationInstanceFailedEvent f => f.TaskScheduledId,
            _ => -1,
        }).Where(id => id >= 0).ToHashSet();
        var unanswered = entries.Where(e => e.Message.Event switch
            {
                TaskScheduledEvent scheduled => !answered.Contains(scheduled.EventId),
                TimerFiredEvent timer => !answered.Contains(timer.TimerId),
                ExecutionStartedEvent { ParentInstance: { } parent } => !answered.Contains(parent.TaskScheduledId),
                _ => true,
            }).ToList();
        Log.OutboxResent(_logger, instanceId, unanswered.Count);
        await SendOutboxAsync(instanceId, new HistoryStore.EpisodeOutbox(loaded.OutboxId, unanswered), cancellationToken).ConfigureAwait(false);
    }

    private static string ExecutionIdOf(OrchestrationWorkItemCompletion completion, HistoryStore.Loaded previous)
    {
        if ((completion.StartsNewExecution || previous.ExecutionId is null)
            && completion.NewHistoryEvents.OfType<ExecutionStartedEvent>().FirstOrDefault() is { } started)
        {
            return started.ExecutionId;
        }

        // Nothing to write (dropped messages for an instance without history): no execution needed.
        return previous.ExecutionId ?? completion.NewState?.ExecutionId ?? string.Empty;
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

        return HistoryStore.FromSentinel(sentinel.Value);
    }

    private void ForgetHistory(string instanceId)
    {
        lock (_sessionGate)
        {
            _historyCache.Remove(instanceId);
            _lastWrittenRows.Remove(instanceId);
        }
    }
}
