using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Serverless.Host.Timers.Storage;

/// <summary>
/// The listener singleton of a timer function: a blob lease on azure-webjobs-hosts/locks/{hostId}/{timerName}.Listener,
/// as the Functions host takes it. Only the host holding the lease runs the schedule.
/// </summary>
internal sealed class BlobListenerLock(BlobContainerClient container, string blobName, TimersOptions options, TimeProvider time, ILogger logger) : IListenerLock
{
    private bool _blobExists;

    public string BlobName => blobName;

    public async Task<IListenerLease?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(blobName);
        if (!_blobExists)
        {
            await EnsureBlobAsync(blob, cancellationToken).ConfigureAwait(false);
            _blobExists = true;
        }

        var lease = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        var requested = time.GetTimestamp();
        try
        {
            await lease.AcquireAsync(options.ListenerLockPeriod, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _blobExists = false;
            throw;
        }

        return new BlobListenerLease(lease, blobName, requested, options, time, logger);
    }

    private static async Task EnsureBlobAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var container = blob.GetParentBlobContainerClient();
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another host created it first (and may hold its lease).
        }
    }
}
