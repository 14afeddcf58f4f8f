using Microsoft.Extensions.Time.Testing;

namespace Serverless.Functions.Tests;

public sealed class DailyReportTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_PastDueOrOnTime_AsksForYesterdaysReportMarkedLateWhenPastDue(bool pastDue)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

        var request = new DailyReport(time, new RecordingLogger<DailyReport>()).Run(Timers.Info(pastDue));

        Assert.Equal(new ReportRequest(new DateOnly(2026, 12, 2), pastDue), request);
    }
}
