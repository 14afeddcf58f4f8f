using Azure;
using Azure.Storage.Blobs.Specialized;

namespace Serverless.Storage.Leases;

/// <summary>
/// A held blob lease, renewed in the background every <see cref="LeaseTiming.RenewalInterval"/>. One renewal attempt may
/// take at most that interval: a request stuck in the transport is abandoned and tried again a second later while the
/// lease still runs. The lease is lost (<see cref="Lost"/> fires, <see cref="IsHeld"/> turns false) when a renewal is
/// refused (someone else took it, or the blob is gone) or when no renewal succeeded within the period less
/// <see cref="LeaseTiming.SafetyMargin"/>, so its owner stops before another host can take over.
/// </summary>
internal sealed partial class RenewedBlobLease : IAsyncDisposable
{
    private readonly BlobLeaseClient _lease;
    private readonly LeaseTiming _timing;
    private readonly ILeaseEvents _events;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _renewal;
    private long _lastRenewed;
    private int _stopped;

    /// <summary>Starts renewing <paramref name="lease"/>, acquired by a request sent at <paramref name="acquiredTimestamp"/> (of the timing's clock).</summary>
    public RenewedBlobLease(BlobLeaseClient lease, long acquiredTimestamp, LeaseTiming timing, ILeaseEvents events)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentNullException.ThrowIfNull(events);
        _lease = lease;
        _timing = timing;
        _events = events;
        _lastRenewed = acquiredTimestamp;
        _renewal = Task.Run(RenewLoopAsync);
    }

    /// <summary>The lease id this host holds.</summary>
    public string LeaseId => _lease.LeaseId;

    /// <summary>Fires when the lease is lost (renewal refused or not renewed within its period).</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>True while the lease is surely still ours: renewed within its period, less the safety margin.</summary>
    public bool IsHeld => !_lost.IsCancellationRequested &&
        _timing.Clock.GetElapsedTime(Interlocked.Read(ref _lastRenewed)) < _timing.Period - LeaseTiming.SafetyMargin;

    /// <summary>
    /// Stops renewing and, when <paramref name="release"/> and the lease was not lost, releases it so another host can
    /// take it at once. Only the first call does anything.
    /// </summary>
    public async ValueTask StopAsync(bool release)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        if (release && !_lost.IsCancellationRequested)
        {
            try
            {
                await _lease.ReleaseAsync().ConfigureAwait(false);
                _events.Released();
            }
            catch (RequestFailedException ex)
            {
                _events.ReleaseFailed(ex.Message);
            }
        }
    }

    /// <summary>Stops renewing and releases the lease (unless stopped before), then frees the tokens.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(release: true).ConfigureAwait(false);
        _lost.Dispose();
        _stopping.Dispose();
    }
}
