using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Serverless.Functions;

/// <summary>The day a report covers, and whether it was made late (after downtime) rather than on schedule.</summary>
public sealed record ReportRequest(DateOnly Day, bool Late);

/// <summary>
/// A timer whose schedule is an app setting: "%DailyReportSchedule%" (local.settings.json Values locally, an app
/// setting in Azure). It asks for yesterday's report on the "reports" queue; a past-due run still asks once, marked late.
/// </summary>
public sealed class DailyReport(TimeProvider time, ILogger<DailyReport> logger)
{
    [Function("DailyReport")]
    [QueueOutput("reports")]
    public ReportRequest Run([TimerTrigger("%DailyReportSchedule%")] TimerInfo timer)
    {
        var yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        if (timer.IsPastDue)
        {
            logger.LogWarning("The report of {Day} is late: the schedule's run at {Due:O} was missed.", yesterday, timer.ScheduleStatus?.Next);
        }

        return new ReportRequest(yesterday, timer.IsPastDue);
    }
}
