namespace Serverless.Tasks.Scheduling;

/// <summary>What one <see cref="TaskScheduleTicker.FireDueAsync"/> did.</summary>
/// <param name="Fired">Fire times enqueued as runs. The task client ignores a run id it has, so a fire time another host
/// enqueued at the same moment (or before a crash) is counted here too, but stored and queued once.</param>
/// <param name="Skipped">Fire times written as Skipped runs because they were later than the task's misfire grace time.</param>
/// <param name="NextDue">The earliest next run time of the schedules this host can fire (a failed schedule's retry
/// time); at or before now while a backlog remains; null when no schedule fires any more.</param>
public sealed record ScheduleTick(int Fired, int Skipped, DateTimeOffset? NextDue);
