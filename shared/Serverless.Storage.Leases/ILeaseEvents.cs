namespace Serverless.Storage.Leases;

/// <summary>
/// What a <see cref="RenewedBlobLease"/> reports, so each owner logs it with its own messages and event ids.
/// Called from the renewal loop and from <see cref="RenewedBlobLease.StopAsync"/>; implementations must not throw.
/// </summary>
internal interface ILeaseEvents
{
    /// <summary>The lease is gone: a renewal was refused, or none succeeded within the period less the safety margin.</summary>
    void Lost(string reason);

    /// <summary>A renewal failed or was abandoned while the lease still runs; it is tried again a second later.</summary>
    void RenewFailed(string reason);

    void Released();

    /// <summary>The release was refused or failed; the lease expires by itself at the end of its period.</summary>
    void ReleaseFailed(string reason);
}
