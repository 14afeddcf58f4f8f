using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// Cluster-wide run slots of a task: blobs <c>{Container}/slots/{task}/{i}</c>, one blob lease (15 s, renewed every
/// 5 s) per running run. A host that dies loses its slots when their leases lapse.
/// </summary>
internal sealed class ConcurrencySlots(TaskStorage storage, TimeProvider time, ILogger<ConcurrencySlots> logger)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    /// <summary>One of the first <paramref name="count"/> slots of the task, or null when all are taken.</summary>
    public async Task<SlotLease?> TryAcquireAsync(string task, int count, CancellationToken cancellationToken)
    {
        var container = storage.Blobs.GetBlobContainerClient(storage.Names.Container);
        for (var i = 0; i < count; i++)
        {
            var blob = container.GetBlobClient($"slots/{task.ToLowerInvariant()}/{i}");
            await EnsureExistsAsync(blob, cancellationToken).ConfigureAwait(false);
            var lease = blob.GetBlobLeaseClient();
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new SlotLease(lease, blob.Name, time, logger);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Taken: try the next slot.
            }
        }

        return null;
    }

    private async Task EnsureExistsAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        if (_created.ContainsKey(blob.Name))
        {
            return;
        }

        try
        {
            var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
            await blob.UploadAsync(BinaryData.Empty, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Exists already (possibly leased).
        }

        _created[blob.Name] = true;
    }
}

/// <summary>A held slot: renewed in the background until disposed, then released.</summary>
internal sealed class SlotLease : IAsyncDisposable
{
    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public SlotLease(BlobLeaseClient lease, string name, TimeProvider time, ILogger logger)
    {
        _lease = lease;
        Name = name;
        _renewing = RenewAsync(time, logger);
    }

    public string Name { get; }

    private async Task RenewAsync(TimeProvider time, ILogger logger)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ConcurrencySlots.RenewInterval, time, _stop.Token).ConfigureAwait(false);
                await _lease.RenewAsync(cancellationToken: _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Any failure (an AggregateException when the network is down too): try again at the next interval, so
                // the lease (15 s) survives one or two failed renewals.
                Log.SlotRenewFailed(logger, e, Name);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        // The renewal loop catches everything: awaiting it never throws, so the release below always runs.
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _lease.ReleaseAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Lapsed, taken over or storage unreachable: the lease lapses by itself within 15 s.
        }

        _stop.Dispose();
    }
}
