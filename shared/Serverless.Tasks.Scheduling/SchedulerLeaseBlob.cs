using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Serverless.Storage.Leases;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// The scheduler's leader lease: a blob lease on <c>{Container}/scheduler</c> of <see cref="SchedulerSettings.LeasePeriod"/>,
/// renewed every <see cref="SchedulerSettings.RenewalInterval"/> on <see cref="SchedulerSettings.LeaseClock"/>.
/// <see cref="TryAcquireAsync"/> returns a held lease or null when another host holds it; the lease's
/// <see cref="RenewedBlobLease.Lost"/> fires when it is lost, so this host stops firing before another can take over.
/// </summary>
internal sealed class SchedulerLeaseBlob(BlobContainerClient container, SchedulerSettings settings, ILogger logger) : ILeaseEvents
{
    public const string BlobName = "scheduler";

    private readonly LeaseBlob _blob = new(
        container.GetBlobClient(BlobName),
        new LeaseTiming(settings.LeasePeriod, settings.RenewalInterval, settings.LeaseClock));

    public string Name => $"{container.Name}/{BlobName}";

    public Task<RenewedBlobLease?> TryAcquireAsync(CancellationToken cancellationToken) =>
        _blob.TryAcquireAsync(this, cancellationToken);

    void ILeaseEvents.Lost(string reason) => Log.LeaseLost(logger, Name, reason);

    void ILeaseEvents.RenewFailed(string reason) => Log.LeaseRenewFailed(logger, Name, reason);

    void ILeaseEvents.Released() => Log.LeaseReleased(logger, Name);

    void ILeaseEvents.ReleaseFailed(string reason) => Log.LeaseReleaseFailed(logger, Name, reason);
}
