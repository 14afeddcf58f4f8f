namespace Serverless.Tasks.Scheduling;

/// <summary>
/// The scheduler lease's timings. Blob leases expire on the storage service's own clock, so the lease is renewed and
/// re-acquired on <see cref="LeaseClock"/> (the system clock), not on the TimeProvider that schedules use: a test moving
/// a fake clock must not let the lease lapse or renew it early.
/// </summary>
internal sealed record SchedulerSettings
{
    /// <summary>The lease period: 15 s, the shortest a blob lease allows.</summary>
    public TimeSpan LeasePeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The holder renews every 5 s; one renewal attempt is abandoned after this long and retried.</summary>
    public TimeSpan RenewalInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Hosts without the lease try to take it this often.</summary>
    public TimeSpan AcquireInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after an unexpected error (storage unreachable) before the scheduler tries again.</summary>
    public TimeSpan ErrorDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many due schedules one pass fires at the same time.</summary>
    public int MaxParallelFirings { get; init; } = 64;

    public TimeProvider LeaseClock { get; init; } = TimeProvider.System;

    /// <summary>The host's name in logs.</summary>
    public string HostName { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
