using Microsoft.Extensions.Logging;
using Serverless.Tasks;

namespace Serverless.Functions.Tasks;

/// <summary>
/// odop's idiom: a task with a trigger, a priority and a resource request. It runs every hour at high priority, and
/// opportunistically: a run starts only while the host has idle CPU and 1 GiB of free memory, and waits otherwise.
/// </summary>
public static class HourlyReport
{
    [Task("hourly_report", Every = "01:00:00", Priority = TaskPriority.High, Opportunistic = true, MemoryGiB = 1,
        MisfireGraceTime = "00:10:00", MaxRetries = 2)]
    public static Task<int> Run(TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogInformation("Hourly report {RunId} (attempt {Attempt}) due {Due:O}", context.RunId, context.Attempt, context.DueTime);
        return Task.FromResult(DateTime.UtcNow.Hour);
    }
}
