using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.InMemory;

public sealed partial class InMemoryOrchestrationService
{
    private readonly Queue<ActivityRecord> _activityReady = new();
    private readonly PriorityQueue<ActivityRecord, DateTimeOffset> _delayedActivities = new();
    private readonly PriorityQueue<(ActivityRecord Record, string LockId), DateTimeOffset> _activityLocks = new();
    private readonly Dictionary<string, ActivityRecord> _lockedActivities = new(StringComparer.Ordinal);

    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(TimeSpan lockTimeout, TimeSpan receiveTimeout, CancellationToken cancellationToken)
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
                ExpireActivityLocks(now);
                if (_activityReady.TryDequeue(out var record))
                {
                    record.LockId = Guid.NewGuid().ToString("N");
                    record.LockedUntil = now + lockTimeout;
                    _lockedActivities[record.Id] = record;
                    _activityLocks.Enqueue((record, record.LockId), record.LockedUntil);
                    return new InMemoryActivityWorkItem
                    {
                        Id = record.Id,
                        LockId = record.LockId,
                        Message = record.Message with { DequeueCount = record.DequeueCount },
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

    public Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, TaskMessage responseMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(responseMessage);
        lock (_gate)
        {
            // The response goes out even when the lock was lost: the orchestration drops a duplicate result.
            EnqueueControl(responseMessage, _time.GetUtcNow());
            if (_lockedActivities.TryGetValue(workItem.Id, out var record) && record.LockId == ((InMemoryActivityWorkItem)workItem).LockId)
            {
                _lockedActivities.Remove(workItem.Id);
                record.LockId = null;
            }

            Pulse();
        }

        return Task.CompletedTask;
    }

    public Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (_lockedActivities.TryGetValue(workItem.Id, out var record) && record.LockId == ((InMemoryActivityWorkItem)workItem).LockId)
            {
                _lockedActivities.Remove(workItem.Id);
                record.LockId = null;
                record.DequeueCount++;
                var now = _time.GetUtcNow();
                if (delay <= TimeSpan.Zero)
                {
                    _activityReady.Enqueue(record);
                }
                else
                {
                    _delayedActivities.Enqueue(record, now + delay);
                }

                Pulse();
            }
        }

        return Task.CompletedTask;
    }

    public Task RenewActivityWorkItemLockAsync(ActivityWorkItem workItem, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (!_lockedActivities.TryGetValue(workItem.Id, out var record) || record.LockId != ((InMemoryActivityWorkItem)workItem).LockId)
            {
                throw new OrchestrationConflictException($"Activity work item '{workItem.Id}': the lock expired and the message was redelivered.");
            }

            record.LockedUntil = _time.GetUtcNow() + lockTimeout;
            workItem.LockedUntil = record.LockedUntil;
            _activityLocks.Enqueue((record, record.LockId), record.LockedUntil);
        }

        return Task.CompletedTask;
    }

    private void EnqueueActivity(TaskMessage message, DateTimeOffset now, int dequeueCount)
    {
        var record = new ActivityRecord { Id = Guid.NewGuid().ToString("N"), Message = message, DequeueCount = dequeueCount };
        if (message.VisibleAt is { } visibleAt && visibleAt > now)
        {
            _delayedActivities.Enqueue(record, visibleAt);
        }
        else
        {
            _activityReady.Enqueue(record);
        }
    }

    private void ExpireActivityLocks(DateTimeOffset now)
    {
        while (_activityLocks.TryPeek(out var entry, out var due) && due <= now)
        {
            _activityLocks.Dequeue();
            var record = entry.Record;
            if (record.LockId == entry.LockId && record.LockedUntil <= now)
            {
                _lockedActivities.Remove(record.Id);
                record.LockId = null;
                record.DequeueCount++;
                _activityReady.Enqueue(record);
            }
        }
    }

    private sealed class ActivityRecord
    {
        public required string Id { get; init; }

        public required TaskMessage Message { get; init; }

        public int DequeueCount { get; set; }

        public string? LockId { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }

    private sealed class InMemoryActivityWorkItem : ActivityWorkItem
    {
        public required string LockId { get; init; }
    }
}
