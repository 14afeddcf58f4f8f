using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace Serverless.Host.Queues.Pump;

/// <summary>
/// A fetched message this host holds (waiting or running): keeps it invisible by renewing its visibility every
/// RenewInterval, as the Functions queue listener does for long invocations, and tracks its current pop receipt.
/// </summary>
internal sealed class HeldMessage(QueueMessage message, IMessageQueue queue, QueuePumpSettings settings, TimeProvider time, ILogger logger, string functionName)
{
    private readonly CancellationTokenSource _stop = new();
    private Task _renewal = Task.CompletedTask;

    public QueueMessage Message { get; } = message;

    public string PopReceipt { get; private set; } = message.PopReceipt;

    public void StartRenewal() => _renewal = RenewAsync();

    /// <summary>Stops renewing; returns once no update is in flight, so <see cref="PopReceipt"/> is final.</summary>
    public async Task StopRenewalAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(settings.RenewInterval, time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // Not cancellable: an update applied by the service but cancelled here would leave a stale pop receipt.
                PopReceipt = await queue.UpdateVisibilityAsync(Message.MessageId, PopReceipt, settings.FetchVisibilityTimeout, CancellationToken.None).ConfigureAwait(false);
                Log.VisibilityRenewed(logger, Message.MessageId, queue.Name, functionName);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RenewFailed(logger, Message.MessageId, queue.Name, functionName, ex);
                return;
            }
        }
    }
}
