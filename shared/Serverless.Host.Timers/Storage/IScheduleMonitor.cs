using Serverless.Worker;

namespace Serverless.Host.Timers.Storage;

/// <summary>Keeps a monitored timer's schedule status between runs of the host.</summary>
internal interface IScheduleMonitor
{
    /// <summary>The stored status, or null when none was written yet.</summary>
    Task<ScheduleStatus?> GetStatusAsync(string timerName, CancellationToken cancellationToken);

    Task UpdateStatusAsync(string timerName, ScheduleStatus status, CancellationToken cancellationToken);
}

/// <summary>Who may run a timer's schedule: one host among those sharing the storage account.</summary>
internal interface IListenerLock
{
    /// <summary>The lease when this host got it; null when another host holds it.</summary>
    Task<IListenerLease?> TryAcquireAsync(CancellationToken cancellationToken);
}

/// <summary>A held listener lock, renewed in the background until disposed (which releases it).</summary>
internal interface IListenerLease : IAsyncDisposable
{
    /// <summary>Fires when the lease is lost (renewal refused or not renewed within its period).</summary>
    CancellationToken Lost { get; }

    /// <summary>True while the lease is surely still ours: renewed within its period, with a safety margin.</summary>
    bool IsHeld { get; }
}
