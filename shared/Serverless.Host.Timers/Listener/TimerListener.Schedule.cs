using System.Globalization;
using System.Text;
using Serverless.Host.Invocation;
using Serverless.Host.Timers.Scheduling;
using Serverless.Host.Timers.Storage;
using Serverless.Worker;

namespace Serverless.Host.Timers.Listener;

internal sealed partial class TimerListener
{
    private static readonly IReadOnlyDictionary<string, object?> NoBindingData = new Dictionary<string, object?>();
    private static readonly TimeSpan MaxSpin = TimeSpan.FromMilliseconds(2);

    private enum Occasion
    {
        Scheduled,
        PastDue,
        RunOnStartup,
    }

    private async Task RunScheduleAsync(IListenerLease lease, CancellationToken cancellationToken)
    {
        var schedule = _settings.Schedule;
        var now = UtcNow();
        var pastDue = TimeSpan.Zero;
        if (_monitor is not null)
        {
            ScheduleStatus? stored;
            try
            {
                stored = await _monitor.GetStatusAsync(_settings.TimerName, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                // A damaged status blob must not stop the schedule: start over as a new timer.
                Log.StatusUnreadable(_logger, _settings.LogName, ex.Message);
                stored = null;
            }

            var (status, changed, late) = ScheduleStatusCheck.Check(stored, now, schedule);
            if (changed)
            {
                await _monitor.UpdateStatusAsync(_settings.TimerName, status, cancellationToken).ConfigureAwait(false);
            }

            Status = status;
            pastDue = late;
        }
        else
        {
            Status = new ScheduleStatus { Last = ScheduleStatusCheck.Never, Next = schedule.GetNextOccurrence(now), LastUpdated = ScheduleStatusCheck.Never };
        }

        Log.NextOccurrences(_logger, _settings.LogName, schedule.Description, FormatNextOccurrences(schedule, now));

        if (pastDue > TimeSpan.Zero)
        {
            Log.PastDue(_logger, _settings.LogName, Status.Next, pastDue);
            await InvokeAsync(lease, UtcNow(), Occasion.PastDue, cancellationToken).ConfigureAwait(false);
        }
        else if (_settings.RunOnStartup && !_scheduleStarted)
        {
            Log.RunOnStartup(_logger, _settings.LogName);
            await InvokeAsync(lease, UtcNow(), Occasion.RunOnStartup, cancellationToken).ConfigureAwait(false);
        }

        _scheduleStarted = true;
        while (true)
        {
            var due = Status.Next;
            await WaitUntilAsync(due, cancellationToken).ConfigureAwait(false);
            var fired = UtcNow();
            Log.Lateness(_logger, _settings.LogName, due, (fired - due).TotalMilliseconds);
            await InvokeAsync(lease, fired, Occasion.Scheduled, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the clock reaches <paramref name="dueUtc"/>: one timer for the whole wait. A system timer may fire a
    /// fraction of a millisecond before the wall clock gets there; that remainder is spun out rather than re-armed, since
    /// a new timer would add a millisecond or more of lateness.
    /// </summary>
    private async Task WaitUntilAsync(DateTime dueUtc, CancellationToken cancellationToken)
    {
        try
        {
            var timerFired = false;
            while (true)
            {
                var remaining = dueUtc - UtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    return;
                }

                WaitingFor = dueUtc;
                if (timerFired && remaining < MaxSpin)
                {
                    SpinUntil(dueUtc);
                    timerFired = false;
                    continue;
                }

                // Task.Delay takes at most ~49 days; a longer wait is done in steps.
                await Task.Delay(remaining < TimeSpan.FromDays(1) ? remaining : TimeSpan.FromDays(1), _time, cancellationToken).ConfigureAwait(false);
                timerFired = true;
            }
        }
        finally
        {
            WaitingFor = null;
        }
    }

    /// <summary>Spins until the clock reaches the due time, for at most <see cref="MaxSpin"/> of real time.</summary>
    private void SpinUntil(DateTime dueUtc)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (UtcNow() < dueUtc && System.Diagnostics.Stopwatch.GetElapsedTime(started) < MaxSpin)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private async Task InvokeAsync(IListenerLease lease, DateTime invocationTime, Occasion occasion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!lease.IsHeld)
        {
            // The lease may have run out unnoticed (a long pause): another host may own the schedule now.
            Log.LockNotHeld(_logger, _settings.LogName);
            throw new OperationCanceledException("The listener lock is no longer held.", cancellationToken);
        }

        var status = Status!;
        var info = new TimerInfo
        {
            ScheduleStatus = _monitor is null ? null : ScheduleStatusCheck.Copy(status),
            IsPastDue = occasion == Occasion.PastDue,
        };
        var reason = occasion switch
        {
            Occasion.PastDue => $"Timer fired at {Format(invocationTime)} (past due: scheduled for {Format(status.Next)})",
            Occasion.RunOnStartup => $"Timer fired at {Format(invocationTime)} (run on startup)",
            _ => $"Timer fired at {Format(invocationTime)}",
        };

        // Runs to completion even when stopping begins; the stop token's expiry aborts it. A failure is logged by the
        // executor and never retried: the timer waits for the next occurrence, as in Functions.
        await _executor.ExecuteAsync(_function, new TriggerInvocation(_ => ValueTask.FromResult<object?>(info), NoBindingData, reason), _aborting.Token)
            .ConfigureAwait(false);

        // A timer that fired a little before its occurrence (clock skew) computes the next one from the occurrence, so
        // the same occurrence is never recorded twice.
        var adjusted = occasion == Occasion.Scheduled && status.Next > invocationTime ? status.Next : invocationTime;
        Status = new ScheduleStatus { Last = adjusted, Next = _settings.Schedule.GetNextOccurrence(adjusted), LastUpdated = adjusted };
        if (_monitor is not null)
        {
            try
            {
                await _monitor.UpdateStatusAsync(_settings.TimerName, Status, _aborting.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.StatusUpdateFailed(_logger, _settings.LogName, ex);
            }
        }
    }

    private static string FormatNextOccurrences(TimerSchedule schedule, DateTime nowUtc)
    {
        var text = new StringBuilder();
        foreach (var occurrence in schedule.GetNextOccurrences(5, nowUtc))
        {
            var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(occurrence, TimeSpan.Zero), schedule.TimeZone);
            text.AppendLine(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm:sszzz} ({occurrence:yyyy-MM-dd HH:mm:ss}Z)");
        }

        return text.ToString().TrimEnd();
    }

    private static string Format(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);
}
