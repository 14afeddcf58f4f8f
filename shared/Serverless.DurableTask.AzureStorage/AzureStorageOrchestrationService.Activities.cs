using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Activity work items: received in batches from the work-item queue, locked by queue visibility.</summary>
internal sealed partial class AzureStorageOrchestrationService
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<ReceivedMessage> _activityBuffer = new();
    private readonly AsyncSignal _activityArrived = new();
    private readonly AsyncSignal _activityBuffered = new();
    private readonly SemaphoreSlim _activityFetch = new(1, 1);
    private int _activityEmptyPolls;

    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(TimeSpan lockTimeout, TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + receiveTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var buffered = _activityBuffered.Snapshot;
            while (_activityBuffer.TryDequeue(out var message))
            {
                if (await KeepLockedAsync([message], lockTimeout, cancellationToken).ConfigureAwait(false))
                {
                    return new AzureActivityWorkItem
                    {
                        Id = message.QueueMessageId,
                        Message = message.Message,
                        Received = message,
                        LockedUntil = message.LockedUntil,
                    };
                }
            }

            var remaining = deadline - _timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            await FetchActivitiesAsync(lockTimeout, remaining, buffered, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, TaskMessage responseMessage, CancellationToken cancellationToken)
    {
        var item = (AzureActivityWorkItem)workItem;
        await SendToInstanceAsync(responseMessage, cancellationToken).ConfigureAwait(false);
        await _workItems.DeleteAsync(item.Received, cancellationToken).ConfigureAwait(false);
    }

    public async Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        var item = (AzureActivityWorkItem)workItem;
        await _workItems.SetVisibilityAsync(item.Received, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, cancellationToken).ConfigureAwait(false);
    }

    public async Task RenewActivityWorkItemLockAsync(ActivityWorkItem workItem, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var item = (AzureActivityWorkItem)workItem;
        await _workItems.SetVisibilityAsync(item.Received, lockTimeout, cancellationToken).ConfigureAwait(false);
        item.LockedUntil = item.Received.LockedUntil;
    }

    private async Task FetchActivitiesAsync(TimeSpan lockTimeout, TimeSpan maxWait, Task buffered, CancellationToken cancellationToken)
    {
        if (!await _activityFetch.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            await AsyncSignal.WaitAsync(buffered, Min(maxWait, TimeSpan.FromMilliseconds(200)), _timeProvider, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var arrived = _activityArrived.Snapshot;
            var received = await ReceiveSafeAsync(_workItems, _options.WorkItemQueueBatchSize, lockTimeout, cancellationToken).ConfigureAwait(false);
            foreach (var message in received)
            {
                _activityBuffer.Enqueue(message);
            }

            if (received.Count > 0)
            {
                _activityEmptyPolls = 0;
                _activityBuffered.Set();
                return;
            }

            await AsyncSignal.WaitAsync(arrived, Min(maxWait, PollDelay(ref _activityEmptyPolls)), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _activityFetch.Release();
        }
    }
}
