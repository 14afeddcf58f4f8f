using System.Text.Json;
using Microsoft.Extensions.Logging;
using Serverless.Storage.Leases;

namespace Serverless.Tasks.Scheduling;

internal sealed partial class TaskSchedulerService
{
    /// <summary>
    /// While leading: read the rows (every refresh interval, or at once after a local change) and re-apply this host's
    /// declared schedules to them (<see cref="DeclaredSchedules.ReapplyAsync"/>: a write only where a row differs), fire
    /// the due ones, then wait on the TimeProvider until the earliest next run time or the next refresh, whichever comes
    /// first. A row whose firing failed is backed off for one refresh interval (or until the row changes) while the others
    /// go on firing.
    /// </summary>
    private async Task FireLoopAsync(RenewedBlobLease lease, CancellationToken cancellationToken)
    {
        IReadOnlyList<ScheduleRow>? rows = null;
        var readAt = DateTimeOffset.MinValue;
        var changed = _signal.Next;
        var backOff = new FiringBackOff();
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            if (rows is null || changed.IsCompleted || now - readAt >= _options.ScheduleRefreshInterval)
            {
                changed = _signal.Next;
                rows = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
                if (await _declared.ReapplyAsync(rows, cancellationToken).ConfigureAwait(false))
                {
                    // A host of another version (rolling deploy) wrote its declarations: this host's are back in force.
                    rows = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
                }

                readAt = _time.GetUtcNow();
                now = readAt;
                backOff.Forget(rows, now);
            }

            var active = rows.Where(r => r.IsActive && Resolve(r) is not null).ToList();
            var due = active.Where(r => backOff.DueAt(r) <= now).ToList();
            if (due.Count > 0)
            {
                if (!lease.IsHeld)
                {
                    // No renewal for most of the lease period: another host may be taking over, so fire nothing.
                    return;
                }

                await Parallel.ForEachAsync(due,
                    new ParallelOptions { MaxDegreeOfParallelism = _settings.MaxParallelFirings, CancellationToken = cancellationToken },
                    async (row, token) => await FireOrBackOffAsync(row, backOff, token).ConfigureAwait(false)).ConfigureAwait(false);

                // Read the rows again: they have new next run times (and ETags).
                rows = null;
                continue;
            }

            var wakeAt = readAt + _options.ScheduleRefreshInterval;
            foreach (var row in active)
            {
                if (backOff.DueAt(row) is { } dueAt && dueAt < wakeAt)
                {
                    wakeAt = dueAt;
                }
            }

            await WaitAsync(wakeAt, changed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fires one row; any failure other than stopping (storage errors, a run id the client refuses, a missing chain
    /// starter, unreadable parameters ...) is logged and backs this row off, so one bad row never stops the others.
    /// Its next attempt fires the same fire times with the same run ids.
    /// </summary>
    private async Task FireOrBackOffAsync(ScheduleRow row, FiringBackOff backOff, CancellationToken cancellationToken)
    {
        try
        {
            await FireAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var retryAt = _time.GetUtcNow() + _options.ScheduleRefreshInterval;
            backOff.Add(row, retryAt);
            Log.FireFailed(_logger, row.Id, row.Task, retryAt, ex);
        }
    }

    private async Task WaitAsync(DateTimeOffset wakeAt, Task changed, CancellationToken cancellationToken)
    {
        var delay = wakeAt - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Interlocked.Exchange(ref _waitingUntilTicks, wakeAt.UtcTicks);
        try
        {
            var timer = Task.Delay(delay, _time, waiting.Token);
            await Task.WhenAny(timer, changed).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            Interlocked.Exchange(ref _waitingUntilTicks, -1);
            await waiting.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fires one due row: the row is read again first (the loop's copy may be a refresh interval old, and a pause,
    /// reschedule or removal made on another host must win over it); then each due fire time is enqueued (or written
    /// Skipped when misfired) with its deterministic run id and a random jitter delay, THEN the row is updated with the
    /// next run time. An ETag conflict (the row changed meanwhile) leaves the row to the change; the next read sees it.
    /// </summary>
    private async Task FireAsync(ScheduleRow cached, CancellationToken cancellationToken)
    {
        var row = await _store.GetAsync(cached.Id, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (row is null || !row.IsActive || row.NextRunTime > now || Resolve(row) is not { } trigger)
        {
            Log.ChangedBeforeFiring(_logger, cached.Id, row is null ? "removed" : !row.IsActive ? "paused, removed or no next run time" :
                row.NextRunTime > now ? $"next run time now {row.NextRunTime:o}" : "its task or trigger is not usable here");
            return;
        }

        var task = _catalog.Get(row.Task);
        var plan = FiringPlan.Create(row.NextRunTime!.Value, trigger, task.Coalesce, task.MisfireGraceTime, now);
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
                DueTime = fire.DueTime + (fire.SkippedReason is null ? Jitter(trigger.Jitter) ?? TimeSpan.Zero : TimeSpan.Zero),
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
                _metrics.RecordSkipped();
                Log.Misfired(_logger, row.Id, row.Task, fire.DueTime, runId, reason);
            }
            else
            {
                var lateness = _time.GetUtcNow() - fire.DueTime;
                _metrics.RecordFired(lateness);
                Log.Fired(_logger, row.Id, row.Task, fire.DueTime, runId);
                Log.Lateness(_logger, row.Id, runId, lateness.TotalMilliseconds);
            }
        }

        var updated = await _store.UpdateAsync(row with { NextRunTime = plan.NextRunTime, LastRunTime = plan.LastRunTime }, cancellationToken)
            .ConfigureAwait(false);
        if (updated is null)
        {
            Log.UpdateConflict(_logger, row.Id);
            return;
        }

        Log.NextRun(_logger, row.Id, row.Task, plan.NextRunTime);
    }

    private static TimeSpan? Jitter(TimeSpan maxJitter) =>
        maxJitter > TimeSpan.Zero ? TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * maxJitter.Ticks)) : null;

    /// <summary>The row's trigger, or null (logged once per problem) when its task is unknown or its trigger unreadable.</summary>
    private TaskTrigger? Resolve(ScheduleRow row)
    {
        lock (_triggers)
        {
            if (!_catalog.TryGet(row.Task, out _))
            {
                ReportInvalid(row, $"its task '{row.Task}' is not registered on this host");
                return null;
            }

            if (!_triggers.TryGetValue(row.Trigger, out var trigger))
            {
                try
                {
                    trigger = TaskTrigger.Parse(row.Trigger);
                }
                catch (FormatException ex)
                {
                    ReportInvalid(row, $"its trigger '{row.Trigger}' cannot be read: {ex.Message}");
                    trigger = null;
                }

                _triggers[row.Trigger] = trigger;
            }

            return trigger;
        }
    }

    private void ReportInvalid(ScheduleRow row, string problem)
    {
        if (_reportedInvalid.Add(row.Id + "|" + problem))
        {
            Log.ScheduleInvalid(_logger, row.Id, problem);
        }
    }
}
