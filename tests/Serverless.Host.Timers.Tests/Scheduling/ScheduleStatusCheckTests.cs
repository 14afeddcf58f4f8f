using Serverless.Host.Timers.Scheduling;
using Serverless.Worker;

namespace Serverless.Host.Timers.Tests.Scheduling;

public sealed class ScheduleStatusCheckTests
{
    private static readonly TimerSchedule Hourly = TimerScheduleParser.Parse("0 0 * * * *", TimeZoneInfo.Utc);
    private static readonly DateTime Now = new(2026, 1, 1, 9, 35, 0, DateTimeKind.Utc);

    [Fact]
    public void Check_NoStatus_InitialisesNextAndIsNotPastDue()
    {
        var (status, changed, pastDue) = ScheduleStatusCheck.Check(null, Now, Hourly);

        Assert.True(changed);
        Assert.Equal(TimeSpan.Zero, pastDue);
        Assert.Equal(default, status.Last);
        Assert.Equal(new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc), status.Next);
        Assert.Equal(Now, status.LastUpdated);
    }

    [Fact]
    public void Check_NextStillAhead_UnchangedAndNotPastDue()
    {
        var stored = Status(last: At(9), next: At(10));

        var (status, changed, pastDue) = ScheduleStatusCheck.Check(stored, Now, Hourly);

        Assert.False(changed);
        Assert.Equal(TimeSpan.Zero, pastDue);
        Assert.Equal(At(10), status.Next);
    }

    [Fact]
    public void Check_MissedOccurrences_PastDueByTheFirstMissedOne()
    {
        // The host was down from 6:30 to 9:35: 7:00, 8:00 and 9:00 were missed; it runs once, past due since 7:00.
        var stored = Status(last: At(6), next: At(7));

        var (status, changed, pastDue) = ScheduleStatusCheck.Check(stored, Now, Hourly);

        Assert.False(changed);
        Assert.Equal(Now - At(7), pastDue);
        Assert.Equal(At(6), status.Last);
    }

    [Fact]
    public void Check_NeverRanButLastUpdated_PastDueFromLastUpdated()
    {
        var stored = Status(last: default, next: At(8), lastUpdated: At(7).AddMinutes(10));

        var (_, changed, pastDue) = ScheduleStatusCheck.Check(stored, Now, Hourly);

        Assert.False(changed);
        Assert.Equal(Now - At(8), pastDue);
    }

    [Fact]
    public void Check_ScheduleChangedAndItsNextIsOver_RebasedOnNowAndNotPastDue()
    {
        // Written by a half-hourly schedule: Next(Last) under the hourly one is 7:00, not 6:30.
        var stored = Status(last: At(6), next: At(6).AddMinutes(30));

        var (status, changed, pastDue) = ScheduleStatusCheck.Check(stored, Now, Hourly);

        Assert.True(changed);
        Assert.Equal(TimeSpan.Zero, pastDue);
        Assert.Equal(default, status.Last);
        Assert.Equal(At(10), status.Next);
        Assert.Equal(Now, status.LastUpdated);
    }

    [Fact]
    public void Check_ScheduleChangedAndItsNextIsAhead_UsesTheNewNext()
    {
        var stored = Status(last: At(9).AddMinutes(30), next: At(10).AddMinutes(30));

        var (status, changed, pastDue) = ScheduleStatusCheck.Check(stored, Now, Hourly);

        Assert.True(changed);
        Assert.Equal(TimeSpan.Zero, pastDue);
        Assert.Equal(At(10), status.Next);
        Assert.Equal(At(9).AddMinutes(30), status.LastUpdated);
    }

    private static DateTime At(int hour) => new(2026, 1, 1, hour, 0, 0, DateTimeKind.Utc);

    private static ScheduleStatus Status(DateTime last, DateTime next, DateTime? lastUpdated = null) =>
        new() { Last = last, Next = next, LastUpdated = lastUpdated ?? last };
}
