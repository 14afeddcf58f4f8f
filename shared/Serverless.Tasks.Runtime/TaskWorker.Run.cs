using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskWorker
{
    /// <summary>Longer timeouts (beyond what a timer can wait) mean none.</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(49);

    /// <summary>Executes one claimed attempt: renews the message, watches for an abort, enforces the timeout, then records the outcome.</summary>
    private async Task RunAsync(TaskDefinition task, StoredRun claimed, MessageHandle message)
    {
        var run = claimed.Run;
        using var abort = new CancellationTokenSource();
        using var timeout = task.Timeout > TimeSpan.Zero && task.Timeout < MaxTimeout ? new CancellationTokenSource(task.Timeout, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort.Token, timeout.Token, _shutdown.Token);
        using var watching = new CancellationTokenSource();
        // Every log line of the run (the task's own too) carries the task, the run and the attempt.
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["TaskName"] = task.Name,
            ["RunId"] = run.RunId,
            ["Attempt"] = run.Attempt,
            ["ScheduleId"] = run.ScheduleId,
        });
        localRuns.Add(run.RunId, abort);
        var watch = WatchAsync(run, message, abort, watching.Token);
        Log.RunStarted(_logger, task.Name, run.RunId, run.Attempt, run.ScheduleId, run.Priority);
        var started = Stopwatch.GetTimestamp();
        JsonElement? result = null;
        Exception? failure = null;
        try
        {
            result = await InvokeAsync(task, run, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            localRuns.Remove(run.RunId, abort);
            await watching.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }

        var none = CancellationToken.None;
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (failure is null)
        {
            await SucceededAsync(task, claimed, message, result, elapsed, none).ConfigureAwait(false);
        }
        else if (abort.IsCancellationRequested)
        {
            var current = await store.GetAsync(run.RunId, none).ConfigureAwait(false);
            await AbortedAsync(current ?? claimed, message, current?.Run.Reason ?? "aborted while running", none).ConfigureAwait(false);
        }
        else if (_shutdown.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            Log.RunLeftAtShutdown(_logger, task.Name, run.RunId, run.Attempt);
        }
        else
        {
            var error = timeout.IsCancellationRequested
                ? new TaskRunError(nameof(TimeoutException), $"Task '{task.Name}' timed out after {task.Timeout} (run '{run.RunId}', attempt {run.Attempt}).")
                : new TaskRunError(failure.GetType().FullName ?? failure.GetType().Name, failure.Message);
            await AttemptFailedAsync(task, claimed, message, error, failure, none).ConfigureAwait(false);
        }
    }

    private Task<JsonElement?> InvokeAsync(TaskDefinition task, TaskRun run, CancellationToken cancellationToken)
    {
        if (task.CpuBound is not null)
        {
            if (services.GetService<ICpuBoundTaskRunner>() is { } runner)
            {
                return runner.RunAsync(task, run, cancellationToken);
            }

            Log.CpuBoundInProcess(_logger, task.Name, run.RunId);
        }

        var info = new TaskRunInfo(run.RunId, task.Name, run.Attempt, run.Priority, run.DueAt, run.ScheduleId);
        var logger = loggerFactory.CreateLogger("Serverless.Tasks." + task.Name);
        return task.InvokeAsync(info, run.Parameters, services, client, logger, cancellationToken);
    }

    /// <summary>
    /// While the run runs: renews the message's visibility at a third of its timeout (a failed renewal is tried again
    /// within a second, so one failure never lets the message show) and polls the record for an abort.
    /// </summary>
    private async Task WatchAsync(TaskRun run, MessageHandle message, CancellationTokenSource abort, CancellationToken stop)
    {
        var renewEvery = _options.VisibilityTimeout / 3;
        var renewRetry = TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, renewEvery.Ticks / 4));
        var checkEvery = _options.AbortCheckInterval;
        var nextRenew = time.GetUtcNow() + renewEvery;
        var nextCheck = time.GetUtcNow() + checkEvery;
        while (!stop.IsCancellationRequested)
        {
            var next = nextRenew < nextCheck ? nextRenew : nextCheck;
            var wait = next - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stop).ConfigureAwait(false);
                }

                var now = time.GetUtcNow();
                if (now >= nextRenew)
                {
                    try
                    {
                        // Never cancelled once sent: a renewal cancelled in flight may still change the pop receipt on
                        // the service, and the final update or delete would then fail and leave the message to lapse.
                        var kept = await message.SetVisibilityAsync(_options.VisibilityTimeout, CancellationToken.None).ConfigureAwait(false);
                        nextRenew = now + renewEvery;
                        if (!kept)
                        {
                            Log.MessageLost(_logger, run.Task, run.RunId, message.MessageId);
                        }
                    }
                    catch (Exception e) when (!stop.IsCancellationRequested)
                    {
                        nextRenew = now + renewRetry;
                        Log.WatchFailed(_logger, e, run.Task, run.RunId);
                    }
                }

                if (now >= nextCheck)
                {
                    nextCheck = now + checkEvery;
                    if ((await store.GetAsync(run.RunId, stop).ConfigureAwait(false))?.Run.AbortRequested == true)
                    {
                        await abort.CancelAsync().ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.WatchFailed(_logger, e, run.Task, run.RunId);
            }
        }
    }
}
