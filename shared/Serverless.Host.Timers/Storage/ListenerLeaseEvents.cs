using Microsoft.Extensions.Logging;
using Serverless.Storage.Leases;

namespace Serverless.Host.Timers.Storage;

/// <summary>Logs what happens to a listener lease under the timers' own event ids.</summary>
internal sealed class ListenerLeaseEvents(ILogger logger, string blobName) : ILeaseEvents
{
    public void Lost(string reason) => Log.LockLost(logger, blobName, reason);

    public void RenewFailed(string reason) => Log.LockRenewFailed(logger, blobName, reason);

    public void Released() => Log.LockReleased(logger, blobName);

    public void ReleaseFailed(string reason) => Log.LockReleaseFailed(logger, blobName, reason);
}
