namespace Serverless.Tasks.Scheduling;

/// <summary>The ticker's limits: how many schedules it fires at once and how long a failed schedule is held back.</summary>
internal sealed record SchedulerSettings
{
    /// <summary>How many due schedules one tick fires at the same time.</summary>
    public int MaxParallelFirings { get; init; } = 64;

    /// <summary>
    /// A schedule whose firing failed (storage error, a run id the client refuses ...) is not tried again before this
    /// (or before its row changes), so a broken row does not log an error at every tick.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
