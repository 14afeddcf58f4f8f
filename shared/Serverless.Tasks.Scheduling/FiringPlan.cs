using System.Globalization;

namespace Serverless.Tasks.Scheduling;

/// <summary>One due fire time of a schedule: enqueued, or skipped with a reason (misfire).</summary>
internal sealed record ScheduledFire(DateTimeOffset DueTime, string? SkippedReason);

/// <summary>
/// What one pass does with a due schedule: the fire times to enqueue or skip, the row's next run time and last run time.
/// </summary>
internal sealed record FiringPlan(IReadOnlyList<ScheduledFire> Fires, DateTimeOffset? NextRunTime, DateTimeOffset LastRunTime)
{
    /// <summary>At most this many fire times per schedule and pass; a longer backlog continues in the next pass.</summary>
    public const int MaxFiresPerPass = 1000;

    /// <summary>A coalesced catch-up looks at most this many fire times for the latest one.</summary>
    public const int MaxCoalesceSteps = 10_000_000;

    /// <summary>
    /// The due fire times are <paramref name="nextRunTime"/> and every later fire time up to <paramref name="now"/>.
    /// With <paramref name="coalesce"/> only the latest of them fires. A fire time more than <paramref name="misfireGraceTime"/>
    /// before now is skipped ("misfired: Xs late, grace Ys"). The next run time is the trigger's first fire time after the
    /// last due one (null when it fires no more), so a one-shot schedule has none after it fired.
    /// </summary>
    public static FiringPlan Create(DateTimeOffset nextRunTime, TaskTrigger trigger, bool coalesce, TimeSpan? misfireGraceTime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var due = new List<DateTimeOffset> { nextRunTime };
        var latest = nextRunTime;
        var next = trigger.GetNextFireTime(latest);
        var steps = 0;
        while (next is { } fire && fire <= now)
        {
            latest = fire;
            if (coalesce)
            {
                if (++steps == MaxCoalesceSteps)
                {
                    break;
                }
            }
            else
            {
                due.Add(fire);
                if (due.Count == MaxFiresPerPass)
                {
                    next = trigger.GetNextFireTime(latest);
                    break;
                }
            }

            next = trigger.GetNextFireTime(latest);
        }

        if (coalesce)
        {
            due = [latest];
        }

        var fires = due.Select(t => new ScheduledFire(t, MisfireReason(t, misfireGraceTime, now))).ToList();
        return new FiringPlan(fires, next, latest);
    }

    private static string? MisfireReason(DateTimeOffset dueTime, TimeSpan? graceTime, DateTimeOffset now)
    {
        if (graceTime is not { } grace || now - dueTime <= grace)
        {
            return null;
        }

        var late = (now - dueTime).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"misfired: {late:0.###}s late, grace {grace.TotalSeconds:0.###}s");
    }
}
