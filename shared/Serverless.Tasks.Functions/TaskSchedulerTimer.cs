using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Serverless.Tasks.Scheduling;

namespace Serverless.Tasks.Functions;

/// <summary>
/// Fires the due schedules on each tick of its timer (<c>%Serverless:Tasks:SchedulerSchedule%</c>, every second in the
/// sample settings). Functions runs a timer function on one host at a time (its singleton lock), so one host fires;
/// the firing itself is idempotent (deterministic run ids, ETag-checked rows), so a tick that overlaps a takeover does
/// not double a run. A schedule starts at most one tick interval plus the firing's own time late.
/// </summary>
public sealed class TaskSchedulerTimer(TaskScheduleTicker ticker, ILogger<TaskSchedulerTimer> logger)
{
    /// <summary>The setting holding the timer's NCRONTAB schedule (6 fields: every second is <c>* * * * * *</c>).</summary>
    public const string ScheduleSetting = "Serverless:Tasks:SchedulerSchedule";

    [Function("serverless_tasks_scheduler")]
    public async Task RunAsync([TimerTrigger($"%{ScheduleSetting}%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var tick = await ticker.FireDueAsync(cancellationToken).ConfigureAwait(false);
        Log.SchedulerTicked(logger, tick.Fired, tick.Skipped, tick.NextDue);
    }
}
