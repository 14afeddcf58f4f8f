using Azure.Storage.Queues;

namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskWorker
{
    private sealed record WorkerQueues(IReadOnlyList<QueueClient> Normal, IReadOnlyList<(QueueClient Queue, string Namespace)> Idle);

    /// <summary>The namespaces this host runs: the options' list, else every namespace of the catalog.</summary>
    private IReadOnlyList<string> Namespaces => _options.Namespaces is { Length: > 0 } configured
        ? [.. configured.Distinct(StringComparer.OrdinalIgnoreCase)]
        : catalog.Namespaces.Count > 0 ? catalog.Namespaces : [TaskDefaults.Namespace];

    /// <summary>Priority queues highest first (namespaces in turn within a priority), then the idle queues.</summary>
    private WorkerQueues BuildQueues()
    {
        var names = storage.Names;
        var normal = new List<QueueClient>();
        for (var priority = TaskPriority.Max; priority >= TaskPriority.Low; priority--)
        {
            normal.AddRange(Namespaces.Select(ns => storage.Queues.GetQueueClient(names.Queue(ns, priority))));
        }

        // Idle queues only of namespaces with opportunistic tasks: the others' stay empty.
        var idle = Namespaces
            .Where(ns => catalog.Tasks.Any(t => t.Opportunistic && string.Equals(TaskStorageNames.QueuePart(t.Namespace), TaskStorageNames.QueuePart(ns), StringComparison.Ordinal)))
            .Select(ns => (storage.Queues.GetQueueClient(names.IdleQueue(ns)), ns)).ToList();
        return new WorkerQueues(normal, idle);
    }

    /// <summary>Up to <paramref name="count"/> messages from the highest-priority non-empty queue; an empty list when all are empty.</summary>
    private async Task<IReadOnlyList<MessageHandle>> ReceiveAsync(WorkerQueues queues, int count, CancellationToken cancellationToken)
    {
        foreach (var queue in queues.Normal)
        {
            var received = await TryReceiveAsync(queue, count, idle: false, cancellationToken).ConfigureAwait(false);
            if (received.Count > 0)
            {
                return received;
            }
        }

        foreach (var (queue, ns) in queues.Idle)
        {
            var smallest = catalog.Tasks.Where(t => t.Opportunistic && string.Equals(TaskStorageNames.QueuePart(t.Namespace), TaskStorageNames.QueuePart(ns), StringComparison.Ordinal))
                .Select(t => t.MemoryGiB).DefaultIfEmpty(0).Min();
            if (!capacity.HasIdleCapacity(smallest))
            {
                continue;
            }

            // One opportunistic run at a time: the next one starts after the capacity is measured again.
            var received = await TryReceiveAsync(queue, 1, idle: true, cancellationToken).ConfigureAwait(false);
            if (received.Count > 0)
            {
                return received;
            }
        }

        return [];
    }

    private async Task<IReadOnlyList<MessageHandle>> TryReceiveAsync(QueueClient queue, int count, bool idle, CancellationToken cancellationToken)
    {
        try
        {
            var response = await queue.ReceiveMessagesAsync(Math.Min(count, 32), _options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
            return [.. response.Value.Select(m => new MessageHandle(queue, m, idle))];
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure (a RequestFailedException, or the AggregateException Azure.Core throws when the network is down
            // through all its retries): this queue counts as empty; the worker backs off like after an empty poll.
            Log.ReceiveFailed(_logger, e, queue.Name);
            return [];
        }
    }
}
