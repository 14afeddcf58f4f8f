using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Serverless.Host.Queues.Pump;

namespace Serverless.Host.Queues.Tests.Pump;

/// <summary>An in-memory queue that records every call with the fake clock's time, for timing tests of the pump.</summary>
internal sealed class FakeMessageQueue(TimeProvider time) : IMessageQueue
{
    private readonly ConcurrentQueue<string> _pending = new();
    private int _receipts;

    public string Name => "fake";

    public ConcurrentQueue<DateTimeOffset> Receives { get; } = new();

    public ConcurrentQueue<(string Id, string PopReceipt, TimeSpan Visibility, DateTimeOffset At)> Updates { get; } = new();

    public ConcurrentQueue<(string Id, string PopReceipt)> Deletes { get; } = new();

    public void Add(string body) => _pending.Enqueue(body);

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var messages = new List<QueueMessage>();
        while (messages.Count < maxMessages && _pending.TryDequeue(out var body))
        {
            messages.Add(QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), NextReceipt(), new BinaryData(body), 1, now + visibilityTimeout, now, now.AddDays(7)));
        }

        Receives.Enqueue(now);
        return Task.FromResult<IReadOnlyList<QueueMessage>>(messages);
    }

    public Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        Deletes.Enqueue((messageId, popReceipt));
        return Task.CompletedTask;
    }

    public Task<string> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        Updates.Enqueue((messageId, popReceipt, visibilityTimeout, time.GetUtcNow()));
        return Task.FromResult(NextReceipt());
    }

    public Task MoveToPoisonAsync(QueueMessage message, string popReceipt, CancellationToken cancellationToken) => Task.CompletedTask;

    private string NextReceipt() => "r" + Interlocked.Increment(ref _receipts);
}
