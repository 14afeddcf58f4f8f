namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskWorker
{
    private async Task SucceededAsync(TaskDefinition task, StoredRun claimed, MessageHandle message, System.Text.Json.JsonElement? result, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        TaskRun Succeeded(TaskRun r) => r with { Status = TaskRunStatus.Succeeded, Result = result, Error = null, CompletedAt = time.GetUtcNow() };

        // Usually nobody wrote the record since the claim: one write; else (an abort request, say) read and write again.
        var done = await store.TryUpdateAsync(claimed, Succeeded(run), claimed.MessageId, held: false, cancellationToken).ConfigureAwait(false)
            ?? await store.UpdateAsync(run.RunId, c => c with { Run = Succeeded(c.Run) }, cancellationToken).ConfigureAwait(false);
        Log.RunSucceeded(_logger, task.Name, run.RunId, run.Attempt, elapsed.TotalMilliseconds);
        if (done is not null)
        {
            await TaskClient.NotifyObserversAsync(services, done.Run, cancellationToken).ConfigureAwait(false);
        }

        await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An attempt failed: retry with back-off by the message's visibility when a retry is left, else the failure handling.</summary>
    private async Task AttemptFailedAsync(TaskDefinition task, TaskRun run, MessageHandle message, TaskRunError error, Exception exception, CancellationToken cancellationToken)
    {
        if (run.Attempt > task.MaxRetries)
        {
            Log.RunFailed(_logger, exception, task.Name, run.RunId, run.Attempt);
            var current = await store.GetAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            if (current is not null)
            {
                await FailAsync(task, current, message, error, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // Whole seconds: the queue's visibility has no finer grain, so a retry never starts before its back-off.
        var delay = TaskClient.Visibility(task.GetRetryDelay(run.Attempt));
        Log.RunRetrying(_logger, exception, task.Name, run.RunId, run.Attempt, delay.TotalMilliseconds);
        var updated = await store.UpdateAsync(run.RunId, c => c with
        {
            Run = c.Run with { Status = c.Run.AbortRequested ? TaskRunStatus.Aborted : TaskRunStatus.Retrying, Error = error },
        }, cancellationToken).ConfigureAwait(false);
        if (updated?.Run.Status == TaskRunStatus.Aborted)
        {
            await AbortedAsync(updated, message, updated.Run.Reason ?? "aborted", cancellationToken).ConfigureAwait(false);
            return;
        }

        await message.SetVisibilityAsync(delay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// No attempt is left: Failed, then the on-failure task (run id "{runId}.on-failure", idempotent), a dead-letter
    /// message, DeadLettered, the observers and the message's delete. Each step can run again after a crash.
    /// </summary>
    private async Task FailAsync(TaskDefinition? task, StoredRun stored, MessageHandle message, TaskRunError error, CancellationToken cancellationToken)
    {
        var run = stored.Run;
        if (run.Status != TaskRunStatus.Failed)
        {
            var failed = await store.UpdateAsync(run.RunId, c => c.Run.Status == TaskRunStatus.Failed ? null : c with
            {
                Run = c.Run with { Status = TaskRunStatus.Failed, Error = error },
            }, cancellationToken).ConfigureAwait(false);
            run = failed?.Run ?? run;
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
        var dead = await store.UpdateAsync(run.RunId, c => c with
        {
            Run = c.Run with { Status = TaskRunStatus.DeadLettered, Reason = reason, CompletedAt = time.GetUtcNow() },
        }, cancellationToken).ConfigureAwait(false);
        Log.RunDeadLettered(_logger, run.Task, run.RunId, run.Attempt, reason);
        if (dead is not null)
        {
            await TaskClient.NotifyObserversAsync(services, dead.Run, cancellationToken).ConfigureAwait(false);
        }

        await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AbortedAsync(StoredRun stored, MessageHandle message, string reason, CancellationToken cancellationToken)
    {
        var aborted = await store.UpdateAsync(stored.Run.RunId, c => c.Run.Status == TaskRunStatus.Aborted ? null : c with
        {
            Run = c.Run with { Status = TaskRunStatus.Aborted, Reason = c.Run.Reason ?? reason, CompletedAt = time.GetUtcNow() },
        }, cancellationToken).ConfigureAwait(false);
        Log.RunAborted(_logger, stored.Run.Task, stored.Run.RunId, stored.Run.Attempt, reason);
        if (aborted is not null)
        {
            await TaskClient.NotifyObserversAsync(services, aborted.Run, cancellationToken).ConfigureAwait(false);
        }

        await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A message that is not a run's: moved to the dead-letter queue with the reason, then deleted.</summary>
    private async Task PoisonAsync(MessageHandle message, string? runId, string? task, string reason, CancellationToken cancellationToken)
    {
        Log.PoisonMessage(_logger, message.Queue.Name, message.MessageId, reason);
        await storage.Queues.GetQueueClient(storage.Names.DeadLetterQueue)
            .SendMessageAsync(new DeadLetterMessage(runId, task, reason, null, time.GetUtcNow(), message.Text).ToJson(), TimeSpan.Zero, TimeSpan.FromSeconds(-1), cancellationToken)
            .ConfigureAwait(false);
        await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
