using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Serverless.DurableTask.AzureStorage;

internal sealed partial class PartitionManager
{
    private readonly HashSet<int> _seenFree = [];

    private async Task BalanceAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var self = KeyEncoding.Encode(workerId);
        var liveWorkers = new HashSet<string>(StringComparer.Ordinal) { self };
        var leasedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        var free = new List<int>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
        {
            if (blob.Name.StartsWith("workers/", StringComparison.Ordinal))
            {
                // Heartbeats are refreshed every renew interval; a worker silent for three of them (plus clock slack) is gone,
                // well before its leases expire, so survivors count it out by then and take its partitions without flapping.
                if (blob.Properties.LastModified is { } modified && now - modified < (options.LeaseRenewInterval * 3) + TimeSpan.FromSeconds(2))
                {
                    liveWorkers.Add(blob.Name["workers/".Length..]);
                }

                continue;
            }

            if (!blob.Name.StartsWith("control-", StringComparison.Ordinal)
                || !int.TryParse(blob.Name.AsSpan("control-".Length), System.Globalization.CultureInfo.InvariantCulture, out var partition)
                || partition >= options.PartitionCount)
            {
                continue;
            }

            if (blob.Properties.LeaseState is LeaseState.Available or LeaseState.Expired or LeaseState.Broken)
            {
                free.Add(partition);
            }
            else if (TokenOf(partition) is null && blob.Metadata.TryGetValue("owner", out var owner) && owner == self)
            {
                // Leased under this worker's id by an earlier life of this worker (it restarted after a crash): break and retake it now.
                await BreakAsync(partition, cancellationToken).ConfigureAwait(false);
                free.Add(partition);
                _seenFree.Add(partition);
            }
            else if (blob.Metadata.TryGetValue("owner", out var leasedOwner))
            {
                leasedBy[leasedOwner] = leasedBy.GetValueOrDefault(leasedOwner) + 1;
            }
        }

        var fairShare = (options.PartitionCount + liveWorkers.Count - 1) / liveWorkers.Count;
        List<OwnedPartition> owned;
        lock (_gate)
        {
            owned = [.. _owned.Values.OrderBy(p => p.Partition)];
        }

        // Release surplus only for a live worker that has less than its floor share (a newcomer), so a worker never gives up
        // partitions nobody is waiting for.
        var floorShare = options.PartitionCount / liveWorkers.Count;
        var someoneStarving = liveWorkers.Any(w => w != self && leasedBy.GetValueOrDefault(w) < floorShare);
        var changed = false;
        if (owned.Count > fairShare && someoneStarving)
        {
            foreach (var surplus in owned.Skip(fairShare))
            {
                lock (_gate)
                {
                    _owned.Remove(surplus.Partition);
                }

                await ReleaseAsync(surplus, cancellationToken).ConfigureAwait(false);
                changed = true;
            }
        }
        else
        {
            // Start at a worker-specific offset so that hosts starting together do not all race for partition 0.
            var offset = (int)((uint)workerId.GetHashCode(StringComparison.Ordinal) % (uint)options.PartitionCount);
            foreach (var partition in free.OrderBy(p => (p - offset + options.PartitionCount) % options.PartitionCount))
            {
                // Beyond the fair share, take only partitions nobody took for a whole round (a dead or departed host's).
                if (owned.Count >= fairShare && !_seenFree.Contains(partition))
                {
                    continue;
                }

                if (await TryAcquireAsync(partition, cancellationToken).ConfigureAwait(false) is { } acquired)
                {
                    owned.Add(acquired);
                    changed = true;
                }
            }
        }

        _seenFree.Clear();
        _seenFree.UnionWith(free);
        if (changed)
        {
            PartitionsChanged?.Invoke();
        }
    }

    private async Task BreakAsync(int partition, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(LeaseBlobName(partition)).GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Someone else changed it meanwhile; the acquire below decides.
        }
    }

    private async Task<OwnedPartition?> TryAcquireAsync(int partition, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(LeaseBlobName(partition));
        var leaseId = Guid.NewGuid().ToString();
        try
        {
            var now = timeProvider.GetUtcNow();
            await blob.GetBlobLeaseClient(leaseId).AcquireAsync(options.LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
            await blob.SetMetadataAsync(new Dictionary<string, string> { ["owner"] = KeyEncoding.Encode(workerId) }, new BlobRequestConditions { LeaseId = leaseId }, cancellationToken).ConfigureAwait(false);
            var owned = new OwnedPartition(partition, leaseId, NewToken(partition, leaseId), now);
            lock (_gate)
            {
                _owned[partition] = owned;
            }

            Log.PartitionAcquired(logger, workerId, partition);
            return owned;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }
}
