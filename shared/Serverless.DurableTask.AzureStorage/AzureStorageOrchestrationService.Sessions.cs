using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// Control-queue messages received but not yet handed out, grouped by instance. Messages for an instance whose work item
/// is in progress wait here (their queue locks kept alive) until it completes.
/// </summary>
internal sealed partial class AzureStorageOrchestrationService
{
    private readonly Lock _sessionGate = new();
    private readonly Dictionary<string, List<ReceivedMessage>> _pending = new(StringComparer.Ordinal);
    private readonly List<string> _readyOrder = [];
    private readonly HashSet<string> _lockedInstances = new(StringComparer.Ordinal);
    private readonly AsyncSignal _controlArrived = new();
    private readonly AsyncSignal _sessionsChanged = new();
    private readonly SemaphoreSlim _controlFetch = new(1, 1);
    private readonly int[] _emptyPolls = new int[16];
    private readonly DateTimeOffset[] _nextPollAt = new DateTimeOffset[16];

    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(TimeSpan lockTimeout, TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + receiveTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = _sessionsChanged.Snapshot;
            if (TryTakeReady() is { } workItem)
            {
                if (await KeepLockedAsync(workItem.Messages, lockTimeout, cancellationToken).ConfigureAwait(false))
                {
                    workItem.LockedUntil = workItem.Messages.Min(m => m.LockedUntil);
                    return workItem;
                }

                Release(workItem.InstanceId);
                continue;
            }

            var remaining = deadline - _timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            await FetchControlMessagesAsync(lockTimeout, remaining, changed, cancellationToken).ConfigureAwait(false);
        }
    }

    private AzureOrchestrationWorkItem? TryTakeReady()
    {
        var now = _timeProvider.GetUtcNow();
        lock (_sessionGate)
        {
            for (var i = 0; i < _readyOrder.Count; i++)
            {
                var instanceId = _readyOrder[i];
                if (_lockedInstances.Contains(instanceId))
                {
                    continue;
                }

                _readyOrder.RemoveAt(i--);
                var messages = _pending.Remove(instanceId, out var list) ? list : [];
                var partition = PartitionOf(instanceId);
                var token = Partitions.TokenOf(partition);
                messages.RemoveAll(m => m.LockedUntil <= now);
                if (token is null || messages.Count == 0)
                {
                    continue;
                }

                _lockedInstances.Add(instanceId);
                return new AzureOrchestrationWorkItem
                {
                    InstanceId = instanceId,
                    NewMessages = [.. messages.Select(m => m.Message)],
                    OwnershipToken = token,
                    Partition = partition,
                    Messages = messages,
                };
            }
        }

        return null;
    }

    private void Release(string instanceId)
    {
        lock (_sessionGate)
        {
            _lockedInstances.Remove(instanceId);
        }

        _sessionsChanged.Set();
    }

    /// <summary>Extends queue locks that would run out within half a lock timeout; drops messages whose receipt went stale.</summary>
    private async Task<bool> KeepLockedAsync(List<ReceivedMessage> messages, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var threshold = _timeProvider.GetUtcNow() + (lockTimeout / 2);
        var stale = new List<ReceivedMessage>();
        foreach (var message in messages.Where(m => m.LockedUntil < threshold).ToList())
        {
            if (!await message.Queue.SetVisibilityAsync(message, lockTimeout, cancellationToken).ConfigureAwait(false))
            {
                stale.Add(message);
            }
        }

        messages.RemoveAll(stale.Contains);
        return messages.Count > 0;
    }

    private async Task FetchControlMessagesAsync(TimeSpan lockTimeout, TimeSpan maxWait, Task sessionsChanged, CancellationToken cancellationToken)
    {
        if (!await _controlFetch.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            // Another caller is fetching: wait for what it brings (or a released instance).
            await AsyncSignal.WaitAsync(sessionsChanged, Min(maxWait, TimeSpan.FromMilliseconds(200)), _timeProvider, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var arrived = _controlArrived.Snapshot;
            var now = _timeProvider.GetUtcNow();
            var owned = Partitions.OwnedPartitions;

            // Each control queue backs off on its own while empty; a local send to it (or a new lease) makes it due at once.
            int[] due;
            lock (_sessionGate)
            {
                due = [.. owned.Where(p => _nextPollAt[p] <= now)];
            }

            var received = await Task.WhenAll(due.Select(p => ReceiveSafeAsync(_control[p], _options.ControlQueueBatchSize, lockTimeout, cancellationToken))).ConfigureAwait(false);
            var count = 0;
            lock (_sessionGate)
            {
                for (var i = 0; i < due.Length; i++)
                {
                    var partition = due[i];
                    if (received[i].Count == 0)
                    {
                        _nextPollAt[partition] = _timeProvider.GetUtcNow() + PollDelay(ref _emptyPolls[partition]);
                    }
                    else
                    {
                        _emptyPolls[partition] = 0;
                    }
                }

                foreach (var message in received.SelectMany(r => r))
                {
                    var instanceId = message.Message.InstanceId;
                    if (!_pending.TryGetValue(instanceId, out var list))
                    {
                        _pending[instanceId] = list = [];
                        _readyOrder.Add(instanceId);
                    }

                    list.RemoveAll(m => m.QueueMessageId == message.QueueMessageId);
                    list.Add(message);
                    count++;
                }
            }

            await KeepPendingLockedAsync(lockTimeout, cancellationToken).ConfigureAwait(false);
            if (count > 0)
            {
                _sessionsChanged.Set();
                return;
            }

            TimeSpan wait;
            lock (_sessionGate)
            {
                var next = owned.Count == 0 ? now + _options.MaxQueuePollingInterval : owned.Min(p => _nextPollAt[p]);
                wait = next - _timeProvider.GetUtcNow();
            }

            if (wait > TimeSpan.Zero)
            {
                await AsyncSignal.WaitAsync(Task.WhenAny(arrived, sessionsChanged), Min(maxWait, wait), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _controlFetch.Release();
        }
    }

    /// <summary>Messages waiting behind a busy instance keep their queue locks while they wait.</summary>
    private async Task KeepPendingLockedAsync(TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var threshold = _timeProvider.GetUtcNow() + (lockTimeout / 3);
        List<ReceivedMessage> expiring;
        lock (_sessionGate)
        {
            expiring = [.. _pending.Values.SelectMany(l => l).Where(m => m.LockedUntil < threshold)];
        }

        foreach (var message in expiring)
        {
            await message.Queue.SetVisibilityAsync(message, lockTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<ReceivedMessage>> ReceiveSafeAsync(TaskMessageQueue queue, int batch, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return await queue.ReceiveAsync(batch, lockTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ReceiveFailed(_logger, e, queue.Name);
            return [];
        }
    }

    private TimeSpan PollDelay(ref int emptyPolls)
    {
        var delay = TimeSpan.FromMilliseconds(10 * Math.Pow(2, Math.Min(emptyPolls, 10)));
        emptyPolls++;
        return Min(delay, _options.MaxQueuePollingInterval);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void OnPartitionsChanged()
    {
        lock (_sessionGate)
        {
            _historyCache.Clear();
            _lastWrittenRows.Clear();
            Array.Clear(_emptyPolls);
            Array.Clear(_nextPollAt);
        }

        _controlArrived.Set();
    }

    /// <summary>This worker just sent to the partition's control queue: poll it now.</summary>
    private void MakeDue(int partition)
    {
        lock (_sessionGate)
        {
            _emptyPolls[partition] = 0;
            _nextPollAt[partition] = DateTimeOffset.MinValue;
        }

        _controlArrived.Set();
    }
}
