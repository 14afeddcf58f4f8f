using Azure.Storage.Queues.Models;

namespace Serverless.Host.Queues.Pump;

/// <param name="BatchSize">Messages per receive, and invocations running at once.</param>
/// <param name="NewBatchThreshold">Fetch again when the messages held (running + fetched) drop to this number.</param>
/// <param name="MaxPollingInterval">The back-off's ceiling while the queue is empty.</param>
/// <param name="VisibilityTimeout">Invisibility of a message whose invocation failed, before its retry.</param>
/// <param name="MaxDequeueCount">Deliveries before the message moves to the poison queue.</param>
/// <param name="FetchVisibilityTimeout">Invisibility of a fetched message; renewed every half of it while the message is held.</param>
internal sealed record QueuePumpSettings(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan MaxPollingInterval,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount,
    TimeSpan FetchVisibilityTimeout)
{
    public TimeSpan RenewInterval => FetchVisibilityTimeout / 2;
}

/// <summary>What became of a message's invocation, which decides what happens to the message.</summary>
internal enum MessageOutcome
{
    /// <summary>Succeeded (outputs sent): delete it.</summary>
    Completed,

    /// <summary>Failed: retry after visibilityTimeout, or poison when its dequeue count reached maxDequeueCount.</summary>
    Failed,

    /// <summary>Cannot be bound: poison at once, retrying cannot help.</summary>
    Poison,

    /// <summary>Cancelled by the host's stop: visible again at once.</summary>
    Released,
}

internal sealed record MessageResult(MessageOutcome Outcome, string? Reason = null);

/// <summary>Runs the function for one message; never throws for a failing function.</summary>
internal delegate Task<MessageResult> MessageHandler(QueueMessage message, CancellationToken cancellationToken);
