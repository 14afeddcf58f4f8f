namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskDispatcher
{
    /// <summary>The error of a run whose host died while it ran an at-most-once task.</summary>
    internal const string InterruptedMessage = "interrupted: the host running the run stopped; at-most-once tasks are not run again";

    /// <summary>How often a run of a task this host does not know is given back before it fails (rolling deploys).</summary>
    internal long UnknownTaskDeliveries { get; set; } = 10;

    /// <summary>How long a run of a task this host does not know stays hidden before the next host tries.</summary>
    internal TimeSpan UnknownTaskDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The rules of one delivered message, by the run record (the design's per-message table).</summary>
    private async Task ProcessAsync(TaskQueueMessage message, CancellationToken cancellationToken)
    {
        var none = CancellationToken.None;
        if (TaskMessage.TryParse(message.Text) is not { } parsed)
        {
            await PoisonAsync(message, null, null, "the message is not a task message", none).ConfigureAwait(false);
            return;
        }

        var stored = await store.GetAsync(parsed.RunId, none).ConfigureAwait(false);
        if (stored is null)
        {
            await PoisonAsync(message, parsed.RunId, parsed.Task, $"run '{parsed.RunId}' has no record", none).ConfigureAwait(false);
            return;
        }

        var run = stored.Run;
        if (run.IsFinished)
        {
            await TaskClient.NotifyObserversAsync(services, run, none).ConfigureAwait(false);
            return;
        }

        if (!catalog.TryGet(run.Task, out var task))
        {
            // A rolling deploy: a newer host enqueued a task this (older) host does not know. Give the message back so
            // a host that knows it takes it; only when it came back too often is the run failed. The copies count.
            var deliveries = (parsed.Deliveries ?? 0) + message.DequeueCount;
            if (deliveries < UnknownTaskDeliveries)
            {
                Log.UnknownTaskDeferred(_logger, run.Task, run.RunId, HostId, deliveries, UnknownTaskDeliveries);
                await SendCopyAsync(message, UnknownTaskDelay, (parsed with { Deliveries = (int)deliveries }).ToJson(), none).ConfigureAwait(false);
                return;
            }

            await FailAsync(null, stored, message, new TaskRunError(nameof(TaskNotFoundException),
                $"No task is named '{run.Task}' on host {HostId} (the run's message came {deliveries} times, to hosts that do not know the task either)."), none).ConfigureAwait(false);
            return;
        }

        if (run.Status == TaskRunStatus.Failed)
        {
            // A crash during the failure handling: resume it.
            await FailAsync(task, stored, message, run.Error ?? new TaskRunError("Unknown", "the run failed"), none).ConfigureAwait(false);
            return;
        }

        var redelivered = run.Status == TaskRunStatus.Running;
        if (redelivered && stored.MessageId != message.MessageId)
        {
            Log.DuplicateMessage(_logger, run.Task, run.RunId, message.MessageId);
            return;
        }

        if (redelivered && localRuns.IsRunning(run.RunId))
        {
            // Still running here (the host delivered the message again): the running attempt writes the outcome.
            return;
        }

        if (run.AbortRequested)
        {
            await AbortedAsync(stored, message, run.Reason ?? "aborted before it started", none).ConfigureAwait(false);
            return;
        }

        if (redelivered)
        {
            Log.RunInterrupted(_logger, run.Task, run.RunId, run.Attempt, run.Host);
            if (task.AtMostOnce || run.Attempt > task.MaxRetries)
            {
                var error = task.AtMostOnce
                    ? new TaskRunError("Interrupted", InterruptedMessage)
                    : new TaskRunError("Interrupted", $"interrupted: the host running attempt {run.Attempt} stopped and no retry is left");
                await FailAsync(task, stored, message, error, none).ConfigureAwait(false);
                return;
            }
        }

        var now = time.GetUtcNow();
        if (run.Status == TaskRunStatus.Scheduled && run.DueAt is { } due && due > now)
        {
            // Shown early: a delay beyond the 7 days a message can stay invisible (or another host's clock).
            await SendCopyAsync(message, TaskClient.Visibility(due - now), null, none).ConfigureAwait(false);
            return;
        }

        if (IsIdle(message) && !capacity.HasIdleCapacity(task.MemoryGiB))
        {
            Log.OpportunisticHeldBack(_logger, task.Name, run.RunId);
            await SendCopyAsync(message, ShortRetry(), null, none).ConfigureAwait(false);
            return;
        }

        await ClaimAndRunAsync(task, stored, message, cancellationToken).ConfigureAwait(false);
    }

    private async Task ClaimAndRunAsync(TaskDefinition task, StoredRun stored, TaskQueueMessage message, CancellationToken cancellationToken)
    {
        var none = CancellationToken.None;
        var run = stored.Run;
        SlotLease? slot = null;
        if (run.ScheduleId is not null && task.MaxInstances > 0)
        {
            var count = task.MaxConcurrency > 0 ? Math.Min(task.MaxInstances, task.MaxConcurrency) : task.MaxInstances;
            slot = await slots.TryAcquireAsync(task.Name, count, none).ConfigureAwait(false);
            if (slot is null)
            {
                var reason = $"max instances ({task.MaxInstances}) running";
                var skipped = await store.TryUpdateAsync(stored, run with { Status = TaskRunStatus.Skipped, Reason = reason, CompletedAt = time.GetUtcNow() }, message.MessageId, held: false, none).ConfigureAwait(false);
                if (skipped is not null)
                {
                    Log.RunSkipped(_logger, task.Name, run.RunId, run.ScheduleId, reason);
                    await TaskClient.NotifyObserversAsync(services, skipped.Run, none).ConfigureAwait(false);
                }

                return;
            }
        }
        else if (task.MaxConcurrency > 0)
        {
            slot = await slots.TryAcquireAsync(task.Name, task.MaxConcurrency, none).ConfigureAwait(false);
            if (slot is null)
            {
                Log.ConcurrencyFull(_logger, task.Name, run.RunId, task.MaxConcurrency);
                await SendCopyAsync(message, ShortRetry(), null, none).ConfigureAwait(false);
                return;
            }
        }

        try
        {
            var claimed = await TryClaimAsync(stored, message).ConfigureAwait(false);
            if (claimed is null)
            {
                // The record changed between the read and the claim. Usually the enqueueing client clearing Held right
                // after its send: read again and claim once more while the run is still waiting to start.
                var again = await store.GetAsync(run.RunId, none).ConfigureAwait(false);
                if (again is { Run: { Status: TaskRunStatus.Queued or TaskRunStatus.Scheduled or TaskRunStatus.Retrying, AbortRequested: false } } && again.Run.Attempt == run.Attempt)
                {
                    claimed = await TryClaimAsync(again, message).ConfigureAwait(false);
                }
            }

            if (claimed is null)
            {
                // Another host claimed it, or it was aborted: a copy comes back in 1-2 s and the rules apply.
                Log.ClaimConflict(_logger, task.Name, run.RunId);
                await SendCopyAsync(message, ShortRetry(), null, none).ConfigureAwait(false);
                return;
            }

            await RunAsync(task, claimed, message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (slot is not null)
            {
                await slot.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The ETag-checked claim: Running, Attempt + 1, StartedAt, Host, MessageId; null on a conflict.</summary>
    private Task<StoredRun?> TryClaimAsync(StoredRun stored, TaskQueueMessage message) =>
        store.TryUpdateAsync(stored, stored.Run with
        {
            Status = TaskRunStatus.Running,
            Attempt = stored.Run.Attempt + 1,
            StartedAt = time.GetUtcNow(),
            CompletedAt = null,
            Host = HostId,
        }, message.MessageId, held: false, CancellationToken.None);

    /// <summary>1-2 s: how long a message waits before the next try when it cannot start now.</summary>
    private static TimeSpan ShortRetry() => TimeSpan.FromSeconds(1 + Random.Shared.Next(2));
}
