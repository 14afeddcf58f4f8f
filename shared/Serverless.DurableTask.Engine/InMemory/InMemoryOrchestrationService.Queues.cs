using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.InMemory;

/// <summary>Control-queue mechanics: readiness, delayed visibility, lock expiry.</summary>
public sealed partial class InMemoryOrchestrationService
{
    private void MarkReady(string instanceId)
    {
        if (_readySet.Add(instanceId))
        {
            _ready.Enqueue(instanceId);
        }
    }

    /// <summary>Puts a control message on its instance's queue, or in the delayed queue until it is visible.</summary>
    private void EnqueueControl(TaskMessage message, DateTimeOffset now)
    {
        if (message.VisibleAt is { } visibleAt && visibleAt > now)
        {
            _delayedControl.Enqueue(message, visibleAt);
            return;
        }

        var record = GetOrCreate(message.InstanceId);
        record.Pending.Add(message);
        if (record.LockId is null)
        {
            MarkReady(message.InstanceId);
        }
    }

    private void PromoteDueMessages(DateTimeOffset now)
    {
        while (_delayedControl.TryPeek(out var message, out var due) && due <= now)
        {
            _delayedControl.Dequeue();
            EnqueueControl(message with { VisibleAt = null }, now);
        }

        while (_delayedActivities.TryPeek(out var activity, out var due) && due <= now)
        {
            _delayedActivities.Dequeue();
            _activityReady.Enqueue(activity);
        }
    }

    private void ExpireInstanceLocks(DateTimeOffset now)
    {
        while (_instanceLocks.TryPeek(out var entry, out var due) && due <= now)
        {
            _instanceLocks.Dequeue();
            if (_instances.TryGetValue(entry.InstanceId, out var record) && record.LockId == entry.LockId && record.LockedUntil <= now)
            {
                var redelivered = record.LockedMessages!.Select(m => m with { DequeueCount = m.DequeueCount + 1 }).ToList();
                record.Pending.InsertRange(0, redelivered);
                Release(entry.InstanceId, record);
            }
        }
    }
}
