using Microsoft.Extensions.Logging;

namespace Serverless.Host.Queues.Pump;

internal sealed partial class QueuePump
{
    /// <summary>
    /// The drain: stop fetching, make fetched messages that never started visible again at once, let running
    /// invocations finish until <paramref name="cancellationToken"/> fires, then cancel them (their messages are
    /// released too).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        Log.ListenerStopping(logger, functionName, queue.Name, _running.Count, Held - _running.Count);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await using var abort = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _abort).ConfigureAwait(false);
        await Task.WhenAll(_fetchLoop, _dispatchLoop).ConfigureAwait(false);

        _fetched.Writer.TryComplete();
        var releases = new List<Task>();
        while (_fetched.Reader.TryRead(out var held))
        {
            releases.Add(ReleaseUnstartedAsync(held));
        }

        await Task.WhenAll(releases).ConfigureAwait(false);
        await Task.WhenAll(_running.Values).ConfigureAwait(false);
    }

    private async Task ReleaseUnstartedAsync(HeldMessage held)
    {
        try
        {
            await held.StopRenewalAsync().ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(SettleTimeout, time);
            await ReleaseAsync(held, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.SettleFailed(logger, held.Message.MessageId, queue.Name, functionName, MessageOutcome.Released, ex);
        }
        finally
        {
            Finished();
        }
    }
}
