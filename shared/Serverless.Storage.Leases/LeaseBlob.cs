using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Serverless.Storage.Leases;

/// <summary>
/// An empty blob whose lease makes one host among several the holder of something (a listener, a leader role).
/// The container and the blob are created on the first attempt (and again after a 404).
/// </summary>
internal sealed class LeaseBlob(BlobClient blob, LeaseTiming timing)
{
    private volatile bool _exists;

    public BlobClient Blob => blob;

    public LeaseTiming Timing => timing;

    /// <summary>
    /// The held lease, renewed until stopped, or null when another host holds it. A storage error other than a refusal
    /// is thrown; the caller tries again later.
    /// </summary>
    public async Task<RenewedBlobLease?> TryAcquireAsync(ILeaseEvents events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!_exists)
        {
            await EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
            _exists = true;
        }

        var lease = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        var requested = timing.Clock.GetTimestamp();
        try
        {
            await lease.AcquireAsync(timing.Period, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _exists = false;
            throw;
        }

        return new RenewedBlobLease(lease, requested, timing, events);
    }

    private async Task EnsureExistsAsync(CancellationToken cancellationToken)
    {
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
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
