namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskDispatcher
{
    private async Task SucceededAsync(TaskDefinition task, StoredRun claimed, TaskQueueMessage message, System.Text.Json.JsonElement? result, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        TaskRun Succeeded(TaskRun r) => r with { Status = TaskRunStatus.Succeeded, Result = result, Error = null, CompletedAt = time.GetUtcNow() };

        // Usually nobody wrote the record since the claim: one write; else (an abort request, say) read and write again,
        // but only while the record is still this attempt's (another host may have taken the run over meanwhile).
        var done = await store.TryUpdateAsync(claimed, Succeeded(run), claimed.MessageId, held: false, cancellationToken).ConfigureAwait(false)
            ?? await store.UpdateAsync(run.RunId, c => IsAttempt(c, claimed) ? c with { Run = Succeeded(c.Run) } : null, cancellationToken).ConfigureAwait(false);
        Log.RunSucceeded(_logger, task.Name, run.RunId, run.Attempt, elapsed.TotalMilliseconds);
        if (done?.Run is { Status: TaskRunStatus.Succeeded, Attempt: var attempt } && attempt == run.Attempt)
        {
            await TaskClient.NotifyObserversAsync(services, done.Run, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Log.OutcomeDropped(_logger, task.Name, run.RunId, run.Attempt, TaskRunStatus.Succeeded, done?.Run.Status);
        }
    }

    /// <summary>An attempt failed: retry with back-off (a copy of the message, hidden for it) when a retry is left, else the failure handling.</summary>
    private async Task AttemptFailedAsync(TaskDefinition task, StoredRun claimed, TaskQueueMessage message, TaskRunError error, Exception exception, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        if (run.Attempt > task.MaxRetries)
        {
            Log.RunFailed(_logger, exception, task.Name, run.RunId, run.Attempt);
            await FailAsync(task, claimed, message, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Whole seconds: the queue's visibility has no finer grain, so a retry never starts before its back-off.
        var delay = TaskClient.Visibility(task.GetRetryDelay(run.Attempt));
        Log.RunRetrying(_logger, exception, task.Name, run.RunId, run.Attempt, delay.TotalMilliseconds);
        var owned = false;
        var updated = await store.UpdateAsync(run.RunId, c => (owned = IsAttempt(c, claimed)) ? c with
        {
            Run = c.Run with { Status = c.Run.AbortRequested ? TaskRunStatus.Aborted : TaskRunStatus.Retrying, Error = error },
        } : null, cancellationToken).ConfigureAwait(false);
        if (!owned)
        {
            // Another host took the run over (this host's message showed again): its outcome stands, not this attempt's.
            Log.OutcomeDropped(_logger, task.Name, run.RunId, run.Attempt, TaskRunStatus.Retrying, updated?.Run.Status);
            return;
        }

        if (updated?.Run.Status == TaskRunStatus.Aborted)
        {
            await AbortedAsync(updated, message, updated.Run.Reason ?? "aborted", cancellationToken).ConfigureAwait(false);
            return;
        }

        await SendCopyAsync(message, delay, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// No attempt is left: Failed, then the on-failure task (run id "{runId}.on-failure", idempotent), a dead-letter
    /// message, DeadLettered and the observers. Each step can run again after a crash.
    /// </summary>
    private async Task FailAsync(TaskDefinition? task, StoredRun stored, TaskQueueMessage message, TaskRunError error, CancellationToken cancellationToken)
    {
        var run = stored.Run;
        if (run.Status != TaskRunStatus.Failed)
        {
            // Only while nobody moved the run on since it was read (status, claiming message and attempt unchanged):
            // else another host handles it and this one gives up.
            var owned = false;
            var failed = await store.UpdateAsync(run.RunId, c => (owned = IsUnchanged(c, stored)) ? c with
            {
                Run = c.Run with { Status = TaskRunStatus.Failed, Error = error },
            } : null, cancellationToken).ConfigureAwait(false);
            if (!owned || failed is null)
            {
                Log.OutcomeDropped(_logger, run.Task, run.RunId, run.Attempt, TaskRunStatus.Failed, failed?.Run.Status);
                return;
            }

            run = failed.Run;
        }

        var reason = $"failed after {run.Attempt} attempt(s): {error.Message}";
        if (task?.OnFailure is { } onFailure)
        {
            try
            {
                var failure = new TaskFailure(run.RunId, run.Task, run.Attempt, error, run.Parameters);
                await client.EnqueueAsync(onFailure, failure, new EnqueueOptions { RunId = TaskRunIds.OnFailure(run.RunId) }, cancellationToken).ConfigureAwait(false);
                reason += $"; on-failure task '{onFailure}' enqueued as run '{TaskRunIds.OnFailure(run.RunId)}'";
            }
            catch (Exception e) when (e is TaskParametersException or TaskNotFoundException)
            {
                Log.OnFailureRefused(_logger, e, run.Task, run.RunId, onFailure);
            }
        }

        await storage.Queues.GetQueueClient(storage.Names.DeadLetterQueue)
            .SendMessageAsync(new DeadLetterMessage(run.RunId, run.Task, reason, error, time.GetUtcNow()).ToJson(), TimeSpan.Zero, TimeSpan.FromSeconds(-1), cancellationToken)
            .ConfigureAwait(false);
        var dead = await store.UpdateAsync(run.RunId, c => c.Run.Status == TaskRunStatus.Failed ? c with
        {
            Run = c.Run with { Status = TaskRunStatus.DeadLettered, Reason = reason, CompletedAt = time.GetUtcNow() },
        } : null, cancellationToken).ConfigureAwait(false);
        Log.RunDeadLettered(_logger, run.Task, run.RunId, run.Attempt, reason);
        if (dead?.Run.Status == TaskRunStatus.DeadLettered)
        {
            await TaskClient.NotifyObserversAsync(services, dead.Run, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AbortedAsync(StoredRun stored, TaskQueueMessage message, string reason, CancellationToken cancellationToken)
    {
        var aborted = await store.UpdateAsync(stored.Run.RunId, c => c.Run.IsFinished ? null : c with
        {
            Run = c.Run with { Status = TaskRunStatus.Aborted, Reason = c.Run.Reason ?? reason, CompletedAt = time.GetUtcNow() },
        }, cancellationToken).ConfigureAwait(false);
        Log.RunAborted(_logger, stored.Run.Task, stored.Run.RunId, stored.Run.Attempt, reason);
        if (aborted?.Run.Status == TaskRunStatus.Aborted)
        {
            await TaskClient.NotifyObserversAsync(services, aborted.Run, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The record is still the attempt this host claimed: Running, claimed by the same message, same attempt.</summary>
    private static bool IsAttempt(StoredRun current, StoredRun claimed) =>
        current.Run.Status == TaskRunStatus.Running && IsUnchanged(current, claimed);

    /// <summary>Nobody moved the run on since <paramref name="read"/>: same status, claiming message and attempt.</summary>
    private static bool IsUnchanged(StoredRun current, StoredRun read) =>
        current.Run.Status == read.Run.Status && current.MessageId == read.MessageId && current.Run.Attempt == read.Run.Attempt;

    /// <summary>A message that is not a run's: moved to the dead-letter queue with the reason (the trigger deletes the original).</summary>
    private async Task PoisonAsync(TaskQueueMessage message, string? runId, string? task, string reason, CancellationToken cancellationToken)
    {
        Log.PoisonMessage(_logger, message.QueueName, message.MessageId, reason);
        await storage.Queues.GetQueueClient(storage.Names.DeadLetterQueue)
            .SendMessageAsync(new DeadLetterMessage(runId, task, reason, null, time.GetUtcNow(), message.Text).ToJson(), TimeSpan.Zero, TimeSpan.FromSeconds(-1), cancellationToken)
            .ConfigureAwait(false);
    }
}
