using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.InMemory;

public sealed partial class InMemoryOrchestrationService
{
    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(TimeSpan lockTimeout, TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)receiveTimeout.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task signal;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                PromoteDueMessages(now);
                ExpireInstanceLocks(now);
                while (_ready.TryDequeue(out var instanceId))
                {
                    _readySet.Remove(instanceId);
                    if (!_instances.TryGetValue(instanceId, out var record) || record.LockId is not null || record.Pending.Count == 0)
                    {
                        continue;
                    }

                    var lockId = Guid.NewGuid().ToString("N");
                    record.LockId = lockId;
                    record.LockedUntil = now + lockTimeout;
                    record.LockedMessages = record.Pending;
                    record.Pending = [];
                    _instanceLocks.Enqueue((instanceId, lockId), record.LockedUntil);
                    return new InMemoryOrchestrationWorkItem
                    {
                        InstanceId = instanceId,
                        NewMessages = record.LockedMessages,
                        OwnershipToken = OwnershipToken,
                        LockId = lockId,
                        LockedUntil = record.LockedUntil,
                    };
                }

                signal = _signal.Task;
            }

            if (!await WaitAsync(signal, deadline, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    public Task<OrchestrationHistory> LoadHistoryAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            var record = GetOrCreate(workItem.InstanceId);
            return Task.FromResult(new OrchestrationHistory([.. record.History], record.State, record.ETag));
        }
    }

    public Task<string> CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationWorkItemCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(completion);
        lock (_gate)
        {
            var record = CheckLock(workItem);
            if (workItem.OwnershipToken != OwnershipToken)
            {
                throw new OrchestrationConflictException(
                    $"Instance '{workItem.InstanceId}': partition ownership changed from '{workItem.OwnershipToken}' to '{OwnershipToken}'.");
            }

            if (record.ETag != completion.ExpectedETag)
            {
                throw new OrchestrationConflictException(
                    $"Instance '{workItem.InstanceId}': history ETag is '{record.ETag}', the commit expected '{completion.ExpectedETag}'.");
            }

            if (completion.NewState is not null || completion.NewHistoryEvents.Count > 0)
            {
                if (completion.StartsNewExecution)
                {
                    record.History = [.. completion.NewHistoryEvents];
                }
                else
                {
                    record.History.AddRange(completion.NewHistoryEvents);
                }

                record.State = completion.NewState ?? record.State;
                record.ETag = NextETag();
            }

            var now = _time.GetUtcNow();
            foreach (var message in completion.ActivityMessages)
            {
                EnqueueActivity(message, now, 0);
            }

            foreach (var message in completion.OrchestratorMessages.Concat(completion.TimerMessages))
            {
                EnqueueControl(message, now);
            }

            Release(workItem.InstanceId, record);
            Pulse();
            return Task.FromResult(record.ETag ?? string.Empty);
        }
    }

    public Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (_instances.TryGetValue(workItem.InstanceId, out var record) && record.LockId == ((InMemoryOrchestrationWorkItem)workItem).LockId)
            {
                var now = _time.GetUtcNow();
                var messages = record.LockedMessages!.Select(m => m with { DequeueCount = m.DequeueCount + 1 }).ToList();
                Release(workItem.InstanceId, record);
                if (delay <= TimeSpan.Zero)
                {
                    record.Pending.InsertRange(0, messages);
                    MarkReady(workItem.InstanceId);
                }
                else
                {
                    foreach (var message in messages)
                    {
                        _delayedControl.Enqueue(message with { VisibleAt = now + delay }, now + delay);
                    }
                }

                Pulse();
            }
        }

        return Task.CompletedTask;
    }

    public Task RenewOrchestrationWorkItemLockAsync(OrchestrationWorkItem workItem, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            var record = CheckLock(workItem);
            record.LockedUntil = _time.GetUtcNow() + lockTimeout;
            workItem.LockedUntil = record.LockedUntil;
            _instanceLocks.Enqueue((workItem.InstanceId, record.LockId!), record.LockedUntil);
        }

        return Task.CompletedTask;
    }

    private InstanceRecord CheckLock(OrchestrationWorkItem workItem)
    {
        var lockId = ((InMemoryOrchestrationWorkItem)workItem).LockId;
        if (!_instances.TryGetValue(workItem.InstanceId, out var record) || record.LockId != lockId)
        {
            throw new OrchestrationConflictException($"Instance '{workItem.InstanceId}': the work item's lock expired and its messages were redelivered.");
        }

        return record;
    }

    private void Release(string instanceId, InstanceRecord record)
    {
        record.LockId = null;
        record.LockedMessages = null;
        if (record.Pending.Count > 0)
        {
            MarkReady(instanceId);
        }
    }
}
