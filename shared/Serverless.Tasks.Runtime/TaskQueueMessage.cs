using Azure.Storage.Queues;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// A run's message as a queue trigger delivered it: the queue, the message id, its text and how often it was dequeued.
/// The trigger owns the message: it deletes it when the dispatcher returns and makes it visible again when the
/// dispatcher throws. So the dispatcher never deletes or hides it itself: to wait (a retry's back-off, a full
/// concurrency slot, a run due later) it sends a copy with a visibility delay and returns. A crash between that send and
/// the trigger's delete leaves two messages for one run; the run record's rules make the second a no-op.
/// </summary>
public sealed class TaskQueueMessage
{
    public TaskQueueMessage(string queueName, string messageId, string text, long dequeueCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        QueueName = queueName;
        MessageId = messageId;
        Text = text ?? string.Empty;
        DequeueCount = dequeueCount;
    }

    public string QueueName { get; }

    public string MessageId { get; }

    public string Text { get; }

    public long DequeueCount { get; }

    /// <summary>Sends a copy of the message (or <paramref name="text"/> instead) that shows after <paramref name="delay"/>.</summary>
    internal Task SendCopyAsync(QueueClient queue, TimeSpan delay, string? text, CancellationToken cancellationToken) =>
        queue.SendMessageAsync(text ?? Text, delay, TimeSpan.FromSeconds(-1), cancellationToken);
}
