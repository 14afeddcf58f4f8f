using System.Collections.Concurrent;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Timers.Tests.Integration;

public sealed class TimerMonitorHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Restart_AfterDowntimeOverAnOccurrence_RunsOncePastDue()
    {
        var hostId = TimerHost.UniqueHostId();
        var calls = new ConcurrentQueue<TimerCall>();

        // First run: a new monitored timer records its next occurrence and does not run.
        await using (var first = await TimerHost.StartAsync(azurite, typeof(HourlyFunction), hostId, calls))
        {
            var initial = await TimerStatusBlob.PollWrittenAsync(azurite, hostId, "Hourly", _ => true);
            Assert.Equal(default, initial.Last);
            Assert.Equal(NextHour(DateTime.UtcNow), initial.Next);
            await first.StopAsync();
        }

        Assert.Empty(calls);

        // Downtime: the host last ran two hours ago and missed the occurrence one hour ago (and this hour's).
        var hour = Floor(DateTime.UtcNow);
        var missed = new ScheduleStatus { Last = hour.AddHours(-2), Next = hour.AddHours(-1), LastUpdated = hour.AddHours(-2) };
        await TimerStatusBlob.WriteAsync(azurite, hostId, "Hourly", missed);

        var restarted = DateTime.UtcNow;
        await using var second = await TimerHost.StartAsync(azurite, typeof(HourlyFunction), hostId, calls);
        var updated = await TimerStatusBlob.PollWrittenAsync(azurite, hostId, "Hourly", s => s.Last >= restarted);

        var call = Assert.Single(calls);
        Assert.True(call.IsPastDue);
        Assert.Equal(missed.Last, call.Status!.Last);
        Assert.Equal(missed.Next, call.Status.Next);
        Assert.Equal(NextHour(updated.Last), updated.Next);
        Assert.InRange(call.At - restarted, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    private static DateTime Floor(DateTime utc) => new(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);

    private static DateTime NextHour(DateTime utc) => Floor(utc).AddHours(1);
}
