using Azure.Storage.Queues.Models;

namespace Serverless.Host.Queues.Pump;

/// <summary>The queue operations the pump needs; Azure Storage in the product, a fake in unit tests of timing.</summary>
internal interface IMessageQueue
{
    string Name { get; }

    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken);

    /// <summary>Makes the message invisible for <paramref name="visibilityTimeout"/> from now; returns the new pop receipt.</summary>
    Task<string> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Sends the message's body unchanged to the poison queue (created if missing), then deletes it here.</summary>
    Task MoveToPoisonAsync(QueueMessage message, string popReceipt, CancellationToken cancellationToken);
}
