using Microsoft.Azure.Functions.Worker;

namespace Serverless.Functions.Tests;

/// <summary>TimerInfo as the host passes it: due at 06:30, last run a day before, past due or not.</summary>
internal static class Timers
{
    public static readonly DateTime Due = new(2026, 12, 3, 6, 30, 0, DateTimeKind.Utc);

    public static TimerInfo Info(bool pastDue) => new()
    {
        IsPastDue = pastDue,
        ScheduleStatus = new ScheduleStatus { Last = Due.AddDays(-1), Next = Due, LastUpdated = Due.AddDays(-1) },
    };
}
