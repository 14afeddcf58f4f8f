using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Serverless.Functions;

/// <summary>
/// A timer on a fixed schedule. NCRONTAB has six fields, seconds first: "0 */5 * * * *" is every five minutes on the
/// minute. The host runs a missed occurrence once after downtime and marks it IsPastDue.
/// </summary>
public sealed class Housekeeping(ILogger<Housekeeping> logger)
{
    [Function("Housekeeping")]
    public void Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("Housekeeping is running late: it was due at {Due:O}.", timer.ScheduleStatus?.Next);
        }

        logger.LogInformation("Housekeeping ran; next run at {Next:O}.", timer.ScheduleStatus?.Next);
    }
}
