using Serverless.Worker;

namespace Serverless.Host.Timers.Scheduling;

/// <summary>
/// What a monitored timer finds at start, as the Functions ScheduleMonitor decides it: the status to use (initialised,
/// or re-based when the schedule changed since it was written) and how far past due the recorded next occurrence is.
/// </summary>
internal static class ScheduleStatusCheck
{
    /// <summary>The "never" value of ScheduleStatus.Last / LastUpdated.</summary>
    public static readonly DateTime Never = default;

    /// <param name="stored">The status read from storage; null when none was written yet.</param>
    /// <param name="nowUtc">The current time.</param>
    /// <param name="schedule">The function's schedule.</param>
    /// <returns>The status to continue from, whether it must be written, and the past-due amount (zero when not past due).</returns>
    public static (ScheduleStatus Status, bool Changed, TimeSpan PastDue) Check(ScheduleStatus? stored, DateTime nowUtc, TimerSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ScheduleStatus status;
        var changed = false;
        if (stored is null)
        {
            // A new timer: record the next occurrence now, so one missed while the host is down is noticed.
            status = new ScheduleStatus { Last = Never, Next = schedule.GetNextOccurrence(nowUtc), LastUpdated = nowUtc };
            changed = true;
        }
        else
        {
            // Recompute Next from the time it was computed from; a difference means the schedule changed.
            var basis = stored.Last != Never ? stored.Last : stored.LastUpdated != Never ? stored.LastUpdated : nowUtc;
            var expected = schedule.GetNextOccurrence(basis);
            if (stored.Next != expected)
            {
                // A changed schedule whose next occurrence is already over is not past due: start from now.
                if (nowUtc > expected)
                {
                    basis = nowUtc;
                    expected = schedule.GetNextOccurrence(nowUtc);
                }

                status = new ScheduleStatus { Last = Never, Next = expected, LastUpdated = basis };
                changed = true;
            }
            else
            {
                status = Copy(stored);
            }
        }

        return (status, changed, nowUtc > status.Next ? nowUtc - status.Next : TimeSpan.Zero);
    }

    public static ScheduleStatus Copy(ScheduleStatus status) =>
        new() { Last = status.Last, Next = status.Next, LastUpdated = status.LastUpdated };
}
