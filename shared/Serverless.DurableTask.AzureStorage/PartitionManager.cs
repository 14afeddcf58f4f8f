using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// Owns control-queue partitions through blob leases in the task hub's lease container: one blob per partition
/// ("control-NN", its metadata names the owner) and one heartbeat blob per live worker ("workers/{id}"). Every renew
/// interval it renews its leases, refreshes its heartbeat, and balances: a worker takes free or expired partitions up to
/// its fair share (ceil(partitions / live workers)) and releases any surplus, so hosts split the partitions and a dead
/// host's partitions move once its leases expire.
/// </summary>
internal sealed partial class PartitionManager(BlobContainerClient container, AzureStorageDurableOptions options, string workerId, TimeProvider timeProvider, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, OwnedPartition> _owned = [];
    private long _acquisitions;

    internal sealed record OwnedPartition(int Partition, string LeaseId, string Token, DateTimeOffset RenewedAt);

    public string WorkerId => workerId;

    public event Action? PartitionsChanged;

    /// <summary>The partitions this worker owns now.</summary>
    public IReadOnlyList<int> OwnedPartitions
    {
        get
        {
            lock (_gate)
            {
                return [.. _owned.Keys.Order()];
            }
        }
    }

    /// <summary>The current ownership token of a partition, or null when not owned.</summary>
    public string? TokenOf(int partition)
    {
        lock (_gate)
        {
            return _owned.TryGetValue(partition, out var owned) ? owned.Token : null;
        }
    }

    public static string LeaseBlobName(int partition) => string.Create(CultureInfo.InvariantCulture, $"control-{partition:D2}");

    public async Task CreateLeaseBlobsAsync(CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var p = 0; p < options.PartitionCount; p++)
        {
            var blob = container.GetBlobClient(LeaseBlobName(p));
            try
            {
                await blob.UploadAsync(BinaryData.FromString(string.Empty), overwrite: false, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Exists already (possibly leased): nothing to do.
            }
        }
    }

    /// <summary>One renew-heartbeat-balance round; run every <see cref="AzureStorageDurableOptions.LeaseRenewInterval"/>.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await RenewAsync(cancellationToken).ConfigureAwait(false);
        await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        await BalanceAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        List<OwnedPartition> owned;
        lock (_gate)
        {
            owned = [.. _owned.Values];
            _owned.Clear();
        }

        foreach (var partition in owned)
        {
            await ReleaseAsync(partition, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await container.DeleteBlobIfExistsAsync(HeartbeatName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // The heartbeat ages out anyway.
        }

        if (owned.Count > 0)
        {
            PartitionsChanged?.Invoke();
        }
    }

    private string HeartbeatName => "workers/" + KeyEncoding.Encode(workerId);

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        List<OwnedPartition> owned;
        lock (_gate)
        {
            owned = [.. _owned.Values];
        }

        var lost = false;
        foreach (var partition in owned)
        {
            var now = timeProvider.GetUtcNow();
            try
            {
                await container.GetBlobClient(LeaseBlobName(partition.Partition)).GetBlobLeaseClient(partition.LeaseId).RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    // A renewal after the lease may have expired counts as a new acquisition: someone may have written meanwhile.
                    _owned[partition.Partition] = now - partition.RenewedAt >= options.LeaseDuration
                        ? partition with { Token = NewToken(partition.Partition, partition.LeaseId), RenewedAt = now }
                        : partition with { RenewedAt = now };
                }
            }
            catch (RequestFailedException e)
            {
                Log.PartitionLost(logger, workerId, partition.Partition, e.ErrorCode ?? e.Status.ToString(CultureInfo.InvariantCulture));
                lock (_gate)
                {
                    _owned.Remove(partition.Partition);
                }

                lost = true;
            }
        }

        if (lost)
        {
            PartitionsChanged?.Invoke();
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await container.GetBlobClient(HeartbeatName).UploadAsync(BinaryData.FromString(workerId), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    private string NewToken(int partition, string leaseId) =>
        string.Create(CultureInfo.InvariantCulture, $"{workerId}/{partition}/{leaseId}/{Interlocked.Increment(ref _acquisitions)}");

    private async Task ReleaseAsync(OwnedPartition partition, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(LeaseBlobName(partition.Partition)).GetBlobLeaseClient(partition.LeaseId).ReleaseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.PartitionReleased(logger, workerId, partition.Partition);
        }
        catch (RequestFailedException)
        {
            // Lost already; it expires on its own.
        }
    }
}
