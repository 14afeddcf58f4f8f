using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// The task client on Azure Storage: writes run records to the runs table and messages to the namespace's priority
/// queues (<see cref="ITaskClient"/>). Thread-safe; one per host.
/// </summary>
internal sealed partial class TaskClient(
    TaskCatalog catalog,
    TaskStorage storage,
    TaskRunStore store,
    TaskStorageInitializer initializer,
    LocalRuns localRuns,
    IServiceProvider services,
    TimeProvider time,
    ILogger<TaskClient> logger) : ITaskClient
{
    /// <summary>The longest a queue message can stay invisible (7 days, less a margin); longer delays are re-sent by the worker.</summary>
    internal static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    /// <summary>The time-to-live of run messages: never expire (a run waits as long as its delay says).</summary>
    private static readonly TimeSpan NoExpiry = TimeSpan.FromSeconds(-1);

    internal TaskRunStore Store => store;

    public Task<string> EnqueueAsync<TParams>(TaskReference<TParams> task, TParams parameters, EnqueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return EnqueueAsync(task.Name, parameters, options, cancellationToken);
    }

    public async Task<TaskRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return (await store.GetAsync(runId, cancellationToken).ConfigureAwait(false))?.Run;
    }

    public async IAsyncEnumerable<TaskRun> ListRunsAsync(TaskRunQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new TaskRunQuery();
        if (query.Task is { } name && catalog.TryGet(name, out var task))
        {
            query = query with { Task = task.Name };
        }

        await foreach (var run in store.ListAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return run;
        }
    }

    public async Task<bool> AbortAsync(string runId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var result = false;
        var updated = await store.UpdateAsync(runId, current =>
        {
            var run = current.Run;
            result = false;
            if (run.Status is TaskRunStatus.Queued or TaskRunStatus.Scheduled or TaskRunStatus.Retrying)
            {
                result = true;
                var now = time.GetUtcNow();
                return current with { Run = run with { Status = TaskRunStatus.Aborted, AbortRequested = true, Reason = reason ?? "aborted before it started", CompletedAt = now } };
            }

            if (run.Status is TaskRunStatus.Running)
            {
                result = true;
                return run.AbortRequested ? null : current with { Run = run with { AbortRequested = true, Reason = reason ?? "aborted while running" } };
            }

            return null;
        }, cancellationToken).ConfigureAwait(false);

        if (updated is null || !result)
        {
            return false;
        }

        Log.AbortRequested(logger, updated.Run.Task, runId, updated.Run.Status);
        if (updated.Run.Status == TaskRunStatus.Running)
        {
            localRuns.TryAbort(runId);
        }
        else
        {
            // A queued run's message may be days away (or absent for a held run): tell the observers now; the worker
            // tells them again when the message shows.
            await NotifyObserversAsync(services, updated.Run, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Polls the run until it has ended (<see cref="TaskRun.IsFinished"/>) and returns it. Waits in real time (50 ms
    /// polls, not the injected clock) so it works beside a fake clock; <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>, <see cref="InvalidOperationException"/> when the run does not exist.
    /// </summary>
    internal async Task<TaskRun> WaitForEndAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Run '{runId}' does not exist.");
            if (run.IsFinished)
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Run '{runId}' of task '{run.Task}' did not end within {timeout}: it is {run.Status} (attempt {run.Attempt}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task NotifyObserversAsync(IServiceProvider services, TaskRun run, CancellationToken cancellationToken)
    {
        foreach (var observer in services.GetServices<ITaskRunObserver>())
        {
            await observer.OnRunEndedAsync(run, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the run's message to its queue (the idle queue for opportunistic tasks), invisible until its due time.</summary>
    internal async Task SendAsync(TaskRun run, bool opportunistic, CancellationToken cancellationToken)
    {
        var names = storage.Names;
        var queue = storage.Queues.GetQueueClient(opportunistic ? names.IdleQueue(run.Namespace) : names.Queue(run.Namespace, run.Priority));
        var delay = Visibility(run.DueAt is { } due ? due - time.GetUtcNow() : TimeSpan.Zero);
        await queue.SendMessageAsync(new TaskMessage(run.RunId, run.Task).ToJson(), delay, NoExpiry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A message visibility for a delay: queue visibilities are whole seconds (the service drops the fraction), so the
    /// delay is rounded up (a message never shows before its due time), at most <see cref="MaxVisibilityDelay"/>.
    /// </summary>
    internal static TimeSpan Visibility(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? TimeSpan.Zero
        : delay >= MaxVisibilityDelay ? MaxVisibilityDelay
        : TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));

    private static JsonElement? ToJson(object? parameters) => parameters switch
    {
        null => null,
        JsonElement element => element,
        JsonDocument document => document.RootElement.Clone(),
        _ => JsonSerializer.SerializeToElement(parameters, parameters.GetType(), TaskJson.Options),
    };
}
