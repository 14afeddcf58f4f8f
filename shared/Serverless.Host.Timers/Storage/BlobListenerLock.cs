using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Serverless.Storage.Leases;

namespace Serverless.Host.Timers.Storage;

/// <summary>
/// The listener singleton of a timer function: a blob lease on azure-webjobs-hosts/locks/{hostId}/{timerName}.Listener,
/// as the Functions host takes it. Only the host holding the lease runs the schedule.
/// </summary>
internal sealed class BlobListenerLock(BlobContainerClient container, string blobName, TimersOptions options, TimeProvider time, ILogger logger) : IListenerLock
{
    private readonly LeaseBlob _blob = new(container.GetBlobClient(blobName), BlobListenerLease.Timing(options, time));
    private readonly ListenerLeaseEvents _events = new(logger, blobName);

    public string BlobName => blobName;

    public async Task<IListenerLease?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await _blob.TryAcquireAsync(_events, cancellationToken).ConfigureAwait(false);
        return lease is null ? null : new BlobListenerLease(lease);
    }
}
