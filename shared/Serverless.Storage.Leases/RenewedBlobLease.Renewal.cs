using System.Globalization;
using Azure;

namespace Serverless.Storage.Leases;

internal sealed partial class RenewedBlobLease
{
    private async Task RenewLoopAsync()
    {
        var token = _stopping.Token;
        var clock = _timing.Clock;
        var delay = _timing.RenewalInterval;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, token).ConfigureAwait(false);
                var requested = clock.GetTimestamp();

                // One attempt may take at most a renewal interval: a request stuck in the transport must not use up the
                // lease period, it is abandoned and tried again while the lease still runs.
                using (var attempt = new CancellationTokenSource(_timing.RenewalInterval, clock))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(token, attempt.Token))
                {
                    await _lease.RenewAsync(cancellationToken: linked.Token).ConfigureAwait(false);
                }

                Interlocked.Exchange(ref _lastRenewed, requested);
                delay = _timing.RenewalInterval;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                // Refused: another host holds the lease now, or the blob is gone.
                await LoseAsync(ex.ErrorCode ?? ex.Status.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                if (!IsHeld)
                {
                    await LoseAsync(ex.Message).ConfigureAwait(false);
                    return;
                }

                // A passing storage error, the client's own timeout or an abandoned attempt: try again soon.
                _events.RenewFailed(ex.Message);
                delay = LeaseTiming.RetryDelay;
            }
        }
    }

    private async Task LoseAsync(string reason)
    {
        _events.Lost(reason);
        await _lost.CancelAsync().ConfigureAwait(false);
    }
}
