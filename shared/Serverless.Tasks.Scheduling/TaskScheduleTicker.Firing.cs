using System.Text.Json;

namespace Serverless.Tasks.Scheduling;

public sealed partial class TaskScheduleTicker
{
    /// <summary>
    /// Fires one row; any failure other than stopping (storage errors, a run id the client refuses, a missing chain
    /// starter, unreadable parameters ...) is logged and holds this row back for <see cref="SchedulerSettings.RetryDelay"/>
    /// (or until it changes), so one bad row never stops the others. Its next attempt fires the same fire times with the
    /// same run ids.
    /// </summary>
    private async Task FireOrBackOffAsync(ScheduleRow row, Tally tally, CancellationToken cancellationToken)
    {
        try
        {
            await FireAsync(row, tally, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var retryAt = _time.GetUtcNow() + _settings.RetryDelay;
            _backOff.Add(row, retryAt);
            tally.Next(retryAt);
            Log.FireFailed(_logger, row.Id, row.Task, retryAt, ex);
        }
    }

    /// <summary>
    /// Fires one due row, as read at the start of this tick: each due fire time is enqueued (or written Skipped when
    /// misfired) with its deterministic run id and a random jitter delay, THEN the row is updated with the next run time.
    /// An ETag conflict (the row changed meanwhile: a pause, a reschedule, another host's firing) leaves the row to the
    /// change; the fire times enqueued again are run ids the client has already, or runs of the row as it was read.
    /// </summary>
    private async Task FireAsync(ScheduleRow row, Tally tally, CancellationToken cancellationToken)
    {
        var trigger = Resolve(row)!;
        var task = _catalog.Get(row.Task);
        var plan = FiringPlan.Create(row.NextRunTime!.Value, trigger, task.Coalesce, task.MisfireGraceTime, _time.GetUtcNow());
        JsonElement? parameters = row.ParametersJson();
        foreach (var fire in plan.Fires)
        {
            var runId = ScheduleRunIds.For(row.Id, fire.DueTime);
            var options = new EnqueueOptions
            {
                RunId = runId,
                ScheduleId = row.Id,
                SkippedReason = fire.SkippedReason,
                // Due at the fire time (plus jitter): the run's DueAt, and its context's DueTime, say when the schedule
                // meant it to run, not when the scheduler got to it.
                DueTime = fire.DueTime + (fire.SkippedReason is null ? Jitter(trigger.Jitter) : TimeSpan.Zero),
            };
            try
            {
                await _tasks.EnqueueAsync(row.Task, parameters, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TaskParametersException or TaskNotFoundException)
            {
                // The stored parameters no longer fit the task (its code changed): retrying cannot help, so move on.
                Log.FireRefused(_logger, row.Id, row.Task, fire.DueTime, ex);
                continue;
            }

            if (fire.SkippedReason is { } reason)
            {
                tally.AddSkipped();
                Log.Misfired(_logger, row.Id, row.Task, fire.DueTime, runId, reason);
            }
            else
            {
                tally.AddFired();
                Log.Fired(_logger, row.Id, row.Task, fire.DueTime, runId);
                Log.Lateness(_logger, row.Id, runId, (_time.GetUtcNow() - fire.DueTime).TotalMilliseconds);
            }
        }

        var updated = await _store.UpdateAsync(row with { NextRunTime = plan.NextRunTime, LastRunTime = plan.LastRunTime }, cancellationToken)
            .ConfigureAwait(false);
        if (updated is null)
        {
            Log.UpdateConflict(_logger, row.Id);
            if (await _store.GetAsync(row.Id, cancellationToken).ConfigureAwait(false) is { IsActive: true } changed)
            {
                tally.Next(changed.NextRunTime);
            }

            return;
        }

        tally.Next(plan.NextRunTime);
        Log.NextRun(_logger, row.Id, row.Task, plan.NextRunTime);
    }

    private static TimeSpan Jitter(TimeSpan maxJitter) =>
        maxJitter > TimeSpan.Zero ? TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * maxJitter.Ticks)) : TimeSpan.Zero;
}
