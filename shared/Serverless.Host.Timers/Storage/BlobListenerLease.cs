using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Serverless.Storage.Leases;

namespace Serverless.Host.Timers.Storage;

/// <summary>
/// A held listener lease: a <see cref="RenewedBlobLease"/> of <see cref="TimersOptions.ListenerLockPeriod"/>, renewed every
/// third of it. When it is lost <see cref="Lost"/> fires and the listener stops firing before another host can take over.
/// </summary>
internal sealed class BlobListenerLease(RenewedBlobLease lease) : IListenerLease
{
    /// <summary>Starts renewing a lease acquired by a request sent at <paramref name="acquiredTimestamp"/>.</summary>
    public BlobListenerLease(BlobLeaseClient lease, string blobName, long acquiredTimestamp, TimersOptions options, TimeProvider time, ILogger logger)
        : this(new RenewedBlobLease(lease, acquiredTimestamp, Timing(options, time), new ListenerLeaseEvents(logger, blobName)))
    {
    }

    public CancellationToken Lost => lease.Lost;

    public bool IsHeld => lease.IsHeld;

    public static LeaseTiming Timing(TimersOptions options, TimeProvider time) =>
        new(options.ListenerLockPeriod, options.RenewalInterval, time);

    public ValueTask DisposeAsync() => lease.DisposeAsync();
}
