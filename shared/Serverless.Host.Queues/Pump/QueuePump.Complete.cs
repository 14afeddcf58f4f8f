using Microsoft.Extensions.Logging;

namespace Serverless.Host.Queues.Pump;

internal sealed partial class QueuePump
{
    /// <summary>Storage calls that settle a message get this long even when the host is stopping.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private async Task CompleteAsync(HeldMessage held, MessageResult result)
    {
        await held.StopRenewalAsync().ConfigureAwait(false);
        var message = held.Message;
        using var timeout = new CancellationTokenSource(SettleTimeout, time);
        try
        {
            switch (result.Outcome)
            {
                case MessageOutcome.Completed:
                    await queue.DeleteAsync(message.MessageId, held.PopReceipt, timeout.Token).ConfigureAwait(false);
                    break;
                case MessageOutcome.Poison:
                    Log.MovingToPoison(logger, message.MessageId, queue.Name, message.DequeueCount, functionName, result.Reason ?? "unknown");
                    await queue.MoveToPoisonAsync(message, held.PopReceipt, timeout.Token).ConfigureAwait(false);
                    break;
                case MessageOutcome.Failed when message.DequeueCount >= settings.MaxDequeueCount:
                    var reason = $"the function failed on delivery {message.DequeueCount} of maxDequeueCount {settings.MaxDequeueCount}: {result.Reason}";
                    Log.MovingToPoison(logger, message.MessageId, queue.Name, message.DequeueCount, functionName, reason);
                    await queue.MoveToPoisonAsync(message, held.PopReceipt, timeout.Token).ConfigureAwait(false);
                    break;
                case MessageOutcome.Failed:
                    Log.Retrying(logger, message.MessageId, queue.Name, message.DequeueCount, functionName, settings.VisibilityTimeout);
                    await queue.UpdateVisibilityAsync(message.MessageId, held.PopReceipt, settings.VisibilityTimeout, timeout.Token).ConfigureAwait(false);
                    break;
                case MessageOutcome.Released:
                    await ReleaseAsync(held, timeout.Token).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex)
        {
            // The message stays invisible until its fetch visibility expires, then another delivery settles it.
            Log.SettleFailed(logger, message.MessageId, queue.Name, functionName, result.Outcome, ex);
        }
    }

    private async Task ReleaseAsync(HeldMessage held, CancellationToken cancellationToken)
    {
        await queue.UpdateVisibilityAsync(held.Message.MessageId, held.PopReceipt, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        Log.Released(logger, held.Message.MessageId, queue.Name, functionName);
    }
}
