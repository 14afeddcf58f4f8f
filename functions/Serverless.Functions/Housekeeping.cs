using Microsoft.Extensions.Logging;

namespace Serverless.Functions;

/// <summary>The scheduled pattern: a timer function on a cron schedule, monitored so a missed run happens once after downtime.</summary>
public sealed class Housekeeping(ILogger<Housekeeping> logger)
{
    [Function("Housekeeping")]
    public void Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer)
    {
        logger.LogInformation("Housekeeping ran (past due: {IsPastDue}); next run {Next:O}", timer.IsPastDue, timer.ScheduleStatus?.Next);
    }
}
