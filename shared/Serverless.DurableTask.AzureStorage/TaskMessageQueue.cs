using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>A task message received from a queue, with the receipt needed to delete it or move its visibility.</summary>
internal sealed class ReceivedMessage(TaskMessageQueue queue, string queueMessageId, string popReceipt, TaskMessage message, string? blob)
{
    public TaskMessageQueue Queue { get; } = queue;

    public string QueueMessageId { get; } = queueMessageId;

    public string PopReceipt { get; set; } = popReceipt;

    public TaskMessage Message { get; } = message;

    public string? Blob { get; } = blob;

    public DateTimeOffset LockedUntil { get; set; }
}

/// <summary>
/// One storage queue carrying <see cref="TaskMessage"/>s as JSON (large ones through a blob). Timers use the message's
/// initial visibility; delays beyond the service's 7-day limit are capped and re-hidden when they pop early.
/// </summary>
internal sealed class TaskMessageQueue(QueueClient client, LargePayloadStore payloads, TimeProvider timeProvider)
{
    /// <summary>The service limit on visibility timeouts is 7 days; stay under it.</summary>
    public static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(6);

    public QueueClient Client => client;

    public string Name => client.Name;

    public async Task SendAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        var body = StorageJson.Serialize(new QueueEnvelope(message, null));
        if (Encoding.UTF8.GetByteCount(body) > LargePayloadStore.MaxInlineQueueBytes)
        {
            var blob = await payloads.UploadAsync(message.InstanceId, "message", StorageJson.Serialize(message), cancellationToken).ConfigureAwait(false);
            body = StorageJson.Serialize(new QueueEnvelope(null, blob));
        }

        await client.SendMessageAsync(body, DelayUntil(VisibleAt(message)), timeToLive: TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var response = await client.ReceiveMessagesAsync(maxMessages, lockTimeout, cancellationToken).ConfigureAwait(false);
        if (response.Value.Length == 0)
        {
            return [];
        }

        var lockedUntil = timeProvider.GetUtcNow() + lockTimeout;
        var received = new List<ReceivedMessage>(response.Value.Length);
        foreach (var queued in response.Value)
        {
            var envelope = StorageJson.Deserialize<QueueEnvelope>(queued.Body.ToString());
            var message = envelope.Message
                ?? StorageJson.Deserialize<TaskMessage>(await payloads.DownloadAsync(envelope.Blob!, cancellationToken).ConfigureAwait(false));
            message = message with { DequeueCount = (int)Math.Max(0, queued.DequeueCount - 1) };
            var item = new ReceivedMessage(this, queued.MessageId, queued.PopReceipt, message, envelope.Blob) { LockedUntil = lockedUntil };
            if (await HideIfEarlyAsync(item, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            received.Add(item);
        }

        return received;
    }

    /// <summary>Moves a message's visibility; false when the receipt is stale (someone else holds or deleted it).</summary>
    public async Task<bool> SetVisibilityAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await client.UpdateMessageAsync(message.QueueMessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken).ConfigureAwait(false);
            message.PopReceipt = receipt.Value.PopReceipt;
            message.LockedUntil = timeProvider.GetUtcNow() + delay;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            return false;
        }
    }

    /// <summary>Deletes a consumed message (and its blob); a stale receipt is ignored: the message comes back and is dropped as a duplicate.</summary>
    public async Task DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteMessageAsync(message.QueueMessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            return;
        }

        if (message.Blob is not null)
        {
            await payloads.DeleteAsync(message.Blob, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DateTimeOffset? VisibleAt(TaskMessage message) =>
        message.VisibleAt ?? (message.Event as ExecutionStartedEvent)?.ScheduledStartTime;

    private TimeSpan? DelayUntil(DateTimeOffset? visibleAt)
    {
        if (visibleAt is null)
        {
            return null;
        }

        var delay = visibleAt.Value - timeProvider.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return null;
        }

        return delay > MaxVisibilityDelay ? MaxVisibilityDelay : delay;
    }

    /// <summary>A message due later (a timer beyond the 7-day limit, or a clock ahead of ours) is hidden again for the rest of its delay.</summary>
    private async Task<bool> HideIfEarlyAsync(ReceivedMessage item, CancellationToken cancellationToken)
    {
        var delay = DelayUntil(VisibleAt(item.Message));
        if (delay is null)
        {
            return false;
        }

        await SetVisibilityAsync(item, delay.Value, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
