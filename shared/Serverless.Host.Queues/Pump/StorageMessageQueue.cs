using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Serverless.Host.Queues.Pump;

/// <summary>An Azure Storage queue (or Azurite) and its poison queue.</summary>
internal sealed class StorageMessageQueue(QueueClient queue, QueueClient poison) : IMessageQueue
{
    private readonly Lock _gate = new();
    private Task? _poisonReady;

    public string Name => queue.Name;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var response = await queue.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken) =>
        queue.DeleteMessageAsync(messageId, popReceipt, cancellationToken);

    public async Task<string> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var response = await queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Value.PopReceipt;
    }

    public async Task MoveToPoisonAsync(QueueMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        await PoisonQueueReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Sent before the delete: a crash in between leaves a copy in both queues, never in neither.
            await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            // The poison queue was deleted since it was created: create it again, once.
            lock (_gate)
            {
                _poisonReady = null;
            }

            await PoisonQueueReadyAsync(cancellationToken).ConfigureAwait(false);
            await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the poison queue once; every concurrent caller waits for that one creation.</summary>
    private Task PoisonQueueReadyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_poisonReady is null || _poisonReady.IsFaulted || _poisonReady.IsCanceled)
            {
                _poisonReady = poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            }

            return _poisonReady.WaitAsync(cancellationToken);
        }
    }
}
