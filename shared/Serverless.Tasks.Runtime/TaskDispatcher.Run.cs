using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskDispatcher
{
    /// <summary>Longer timeouts (beyond what a timer can wait) mean none.</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(49);

    /// <summary>
    /// Executes one claimed attempt: watches for an abort, enforces the timeout, then records the outcome. The trigger
    /// keeps the message invisible while this runs; <paramref name="cancellationToken"/> is the invocation's (the host
    /// stopping): then the outcome is not written and the message comes back (at-least-once reruns, at-most-once fails
    /// as interrupted).
    /// </summary>
    private async Task RunAsync(TaskDefinition task, StoredRun claimed, TaskQueueMessage message, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        using var abort = new CancellationTokenSource();
        using var timeout = task.Timeout > TimeSpan.Zero && task.Timeout < MaxTimeout ? new CancellationTokenSource(task.Timeout, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort.Token, timeout.Token, cancellationToken);
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
        var watch = WatchForAbortAsync(run, abort, watching.Token);
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
        else if (cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            Log.RunLeftAtShutdown(_logger, task.Name, run.RunId, run.Attempt);
            cancellationToken.ThrowIfCancellationRequested();
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
    /// While the run runs: reads the record every <see cref="TasksOptions.AbortCheckInterval"/> and fires the run's
    /// abort token when another worker asked for an abort (one on this worker fires it at once, through LocalRuns).
    /// A failed read is tried again at the next interval.
    /// </summary>
    private async Task WatchForAbortAsync(TaskRun run, CancellationTokenSource abort, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.AbortCheckInterval, time, stop).ConfigureAwait(false);
                if ((await store.GetAsync(run.RunId, stop).ConfigureAwait(false))?.Run.AbortRequested == true)
                {
                    await abort.CancelAsync().ConfigureAwait(false);
                    return;
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
