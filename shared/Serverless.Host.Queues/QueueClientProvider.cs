using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Serverless.Host.Storage;

namespace Serverless.Host.Queues;

/// <summary>
/// Queue clients by connection and queue name, sharing one service client per connection. Clients send and receive
/// raw text (MessageEncoding none): the extension encodes and decodes bodies itself, so a body that is not valid base64
/// is a binding failure of that one message (poison), not an exception of the whole receive.
/// </summary>
internal sealed class QueueClientProvider(StorageConnections connections)
{
    private readonly ConcurrentDictionary<string, QueueServiceClient> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string, string), Lazy<Task>> _created = new();

    public QueueClient GetQueue(string? connectionName, string queueName) =>
        _services.GetOrAdd(connectionName ?? StorageConnections.DefaultConnectionName,
                name => connections.CreateQueueServiceClient(name, new QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None }))
            .GetQueueClient(queueName);

    /// <summary>Creates the queue once per process (CreateIfNotExists), as the Functions output binding does on first use.</summary>
    public Task EnsureCreatedAsync(string? connectionName, QueueClient queue, CancellationToken cancellationToken)
    {
        var key = (connectionName ?? StorageConnections.DefaultConnectionName, queue.Name);
        var created = _created.GetOrAdd(key, _ => new Lazy<Task>(() => queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)));
        var task = created.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _created.TryRemove(new KeyValuePair<(string, string), Lazy<Task>>(key, created));
        }

        return task.WaitAsync(cancellationToken);
    }
}
