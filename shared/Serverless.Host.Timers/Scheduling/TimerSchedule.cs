using System.Globalization;
using Cronos;

namespace Serverless.Host.Timers.Scheduling;

/// <summary>A parsed timer schedule. All times are UTC; a cron schedule is evaluated in its time zone.</summary>
internal abstract class TimerSchedule
{
    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>; DateTime.MaxValue when there is none.</summary>
    public abstract DateTime GetNextOccurrence(DateTime afterUtc);

    /// <summary>True when the schedule fires more than once within a minute: Functions turns the monitor off for those.</summary>
    public abstract bool IsSubMinute(DateTime nowUtc);

    /// <summary>"Cron: '0 */5 * * * *'" or "Interval: '00:00:30'", as the Functions host names a schedule in its logs.</summary>
    public abstract string Description { get; }

    /// <summary>The time zone occurrences are shown in.</summary>
    public abstract TimeZoneInfo TimeZone { get; }

    public IReadOnlyList<DateTime> GetNextOccurrences(int count, DateTime nowUtc)
    {
        var occurrences = new List<DateTime>(count);
        var current = nowUtc;
        for (var i = 0; i < count; i++)
        {
            current = GetNextOccurrence(current);
            if (current == DateTime.MaxValue)
            {
                break;
            }

            occurrences.Add(current);
        }

        return occurrences;
    }

    public override string ToString() => Description;
}

/// <summary>A 6-field NCRONTAB (with seconds) or 5-field cron expression, evaluated by Cronos in a time zone.</summary>
internal sealed class CronTimerSchedule(CronExpression expression, string text, TimeZoneInfo timeZone) : TimerSchedule
{
    public override string Description => $"Cron: '{text}'";

    public override TimeZoneInfo TimeZone => timeZone;

    public override DateTime GetNextOccurrence(DateTime afterUtc) =>
        expression.GetNextOccurrence(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), timeZone, inclusive: false) ?? DateTime.MaxValue;

    public override bool IsSubMinute(DateTime nowUtc)
    {
        var first = GetNextOccurrence(nowUtc);
        return first != DateTime.MaxValue && GetNextOccurrence(first) <= nowUtc.AddMinutes(1);
    }
}

/// <summary>A TimeSpan schedule: a fixed interval from the start of the last run, as in Functions.</summary>
internal sealed class IntervalTimerSchedule(TimeSpan interval) : TimerSchedule
{
    public TimeSpan Interval => interval;

    public override string Description => $"Interval: '{interval.ToString("c", CultureInfo.InvariantCulture)}'";

    public override TimeZoneInfo TimeZone => TimeZoneInfo.Utc;

    public override DateTime GetNextOccurrence(DateTime afterUtc) =>
        DateTime.MaxValue - afterUtc <= interval ? DateTime.MaxValue : DateTime.SpecifyKind(afterUtc + interval, DateTimeKind.Utc);

    public override bool IsSubMinute(DateTime nowUtc) => interval < TimeSpan.FromMinutes(1);
}
