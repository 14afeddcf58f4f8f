using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Serverless.Host.Queues.Pump;

/// <summary>An Azure Storage queue (or Azurite) and its poison queue.</summary>
internal sealed class StorageMessageQueue(QueueClient queue, QueueClient poison) : IMessageQueue
{
    private int _poisonCreated;

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
        if (Interlocked.Exchange(ref _poisonCreated, 1) == 0)
        {
            try
            {
                await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Volatile.Write(ref _poisonCreated, 0);
                throw;
            }
        }

        // Sent before the delete: a crash in between leaves a copy in both queues, never in neither.
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken).ConfigureAwait(false);
    }
}
