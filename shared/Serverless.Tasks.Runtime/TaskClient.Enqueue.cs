using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskClient
{
    /// <summary>
    /// Enqueues a run: catalog lookup, parameter validation (nothing is written when they are invalid), the run record
    /// (Scheduled when due later, else Queued), then the message on the priority queue, invisible until the due time.
    /// A run id that exists does nothing, except that a held record is released (its message sent). A task with
    /// dependencies enqueued without AsChainStep goes to its chain (<see cref="ITaskChainStarter"/>).
    /// </summary>
    /// <remarks>
    /// An explicit run id (an idempotency key: schedules, chains, on-failure runs) is written held first and released
    /// after the send, so a caller that retries after a crash between the two sends the message it lacked.
    /// </remarks>
    public async Task<string> EnqueueAsync(string task, object? parameters = null, EnqueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(task);
        options ??= new EnqueueOptions();
        var definition = catalog.Get(task);
        var validated = definition.ValidateParameters(ToJson(parameters));
        var priority = options.Priority ?? definition.Priority;
        if (priority is < TaskPriority.Low or > TaskPriority.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(options), priority, $"The priority of a run of task '{definition.Name}' must be {TaskPriority.Low}..{TaskPriority.Max}.");
        }

        var runId = options.RunId ?? TaskRunIds.New(time);
        TaskRunIds.Validate(runId);
        var toChain = definition.HasDependencies && !options.AsChainStep;
        var starter = toChain ? services.GetService<ITaskChainStarter>() ?? throw new InvalidOperationException(
            $"Task '{definition.Name}' has dependencies (RunBefore/RunAfter) and runs as a chain, but no chain starter is registered: " +
            "register the tasks with AddServerlessTasks (Serverless.Tasks.Functions), which runs chains as Durable orchestrations.") : null;

        await initializer.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var due = options.DueTime ?? (options.Delay is { } delay ? now + delay : null);
        var run = new TaskRun
        {
            RunId = runId,
            Task = definition.Name,
            Namespace = definition.Namespace,
            Priority = priority,
            Parameters = validated,
            CreatedAt = now,
            UpdatedAt = now,
            DueAt = due ?? now,
            ScheduleId = options.ScheduleId,
            ParentInstanceId = options.ParentInstanceId,
        };

        if (options.SkippedReason is { } skipped)
        {
            var skippedRun = run with { Status = TaskRunStatus.Skipped, Reason = skipped, CompletedAt = now };
            if (await store.TryInsertAsync(skippedRun, held: false, cancellationToken).ConfigureAwait(false) is not null)
            {
                Log.RunSkipped(logger, definition.Name, runId, run.ScheduleId, skipped);
                await NotifyObserversAsync(services, skippedRun, cancellationToken).ConfigureAwait(false);
            }

            return runId;
        }

        var hold = options.Hold || toChain;
        run = run with { Status = hold || due > now ? TaskRunStatus.Scheduled : TaskRunStatus.Queued };
        var writeHeld = hold || options.RunId is not null;
        var inserted = await store.TryInsertAsync(run, writeHeld, cancellationToken).ConfigureAwait(false);
        if (inserted is null)
        {
            if (starter is not null)
            {
                // The root exists: a crash may have come between writing it and starting its chain. Starting again is a
                // no-op when the chain exists, so a retried enqueue never leaves the root held for ever.
                if (await store.GetAsync(runId, cancellationToken).ConfigureAwait(false) is { Held: true } existing && !existing.Run.IsFinished)
                {
                    await starter.StartChainAsync(definition, runId, existing.Run.Parameters, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (!hold)
            {
                await ReleaseAsync(definition, runId, options, cancellationToken).ConfigureAwait(false);
            }

            return runId;
        }

        if (starter is not null)
        {
            Log.ChainStarting(logger, definition.Name, runId);
            await starter.StartChainAsync(definition, runId, validated, cancellationToken).ConfigureAwait(false);
            return runId;
        }

        if (hold)
        {
            return runId;
        }

        await SendAsync(run, definition.Opportunistic, cancellationToken).ConfigureAwait(false);
        if (writeHeld)
        {
            // A conflict means a worker claimed the run already (a claim clears Held): nothing left to do.
            await store.TryUpdateAsync(inserted, run, messageId: null, held: false, cancellationToken).ConfigureAwait(false);
        }

        Log.RunEnqueued(logger, definition.Name, runId, priority, run.DueAt);
        return runId;
    }

    /// <summary>Releases a held record: sends its message (due at its due time), then clears Held.</summary>
    private async Task ReleaseAsync(TaskDefinition definition, string runId, EnqueueOptions options, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (current is not { Held: true } || current.Run.IsFinished || current.Run.Status is not (TaskRunStatus.Scheduled or TaskRunStatus.Queued))
        {
            return;
        }

        var now = time.GetUtcNow();
        var run = current.Run with
        {
            ParentInstanceId = options.ParentInstanceId ?? current.Run.ParentInstanceId,
            Status = current.Run.DueAt > now ? TaskRunStatus.Scheduled : TaskRunStatus.Queued,
        };
        if (run.ParentInstanceId != current.Run.ParentInstanceId)
        {
            // The parent is stored before the message exists, so the run's end always reaches the waiting chain.
            await store.UpdateAsync(runId, c => c.Held ? c with { Run = c.Run with { ParentInstanceId = run.ParentInstanceId } } : null, cancellationToken)
                .ConfigureAwait(false);
        }

        await SendAsync(run, definition.Opportunistic, cancellationToken).ConfigureAwait(false);
        await store.UpdateAsync(runId, c => c.Held && c.Run.Status is TaskRunStatus.Scheduled or TaskRunStatus.Queued
            ? c with { Held = false, Run = c.Run with { ParentInstanceId = run.ParentInstanceId, Status = run.Status } }
            : null, cancellationToken).ConfigureAwait(false);
        Log.RunReleased(logger, definition.Name, runId);
    }
}
