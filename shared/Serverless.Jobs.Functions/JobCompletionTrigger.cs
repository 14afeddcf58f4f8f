using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Serverless.Jobs.Functions;

/// <summary>
/// Turns a run's completion message (sent by whoever recorded its result: the launcher, or the job's last rank when
/// the launcher is gone) into the completion event its waiting sub-orchestration listens for. A message may come twice;
/// the second event finds the waiter done and is dropped.
/// </summary>
public sealed class JobCompletionTrigger(JobStore store, ILogger<JobCompletionTrigger> logger)
{
    /// <summary>
    /// The setting naming the queue of completion messages (<see cref="JobsOptions.CompletionQueue"/>; app setting
    /// <c>Serverless__Jobs__CompletionQueue</c>): one per app, so apps sharing a storage account do not take each other's.
    /// </summary>
    public const string QueueSetting = "Serverless:Jobs:CompletionQueue";

    [Function("serverless_job_completed")]
    public async Task RunAsync([QueueTrigger($"%{QueueSetting}%")] JobCompletion completion, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(client);
        var result = await store.ReadResultAsync(completion.JobId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Job '{completion.JobId}' was reported complete but has no result in container '{store.Container.Name}'.");
        var request = await store.ReadRequestAsync(completion.JobId, cancellationToken).ConfigureAwait(false);
        if (request?.Owner is not { } owner)
        {
            Log.NoWaiter(logger, completion.JobId);
            return;
        }

        await client.RaiseEventAsync(owner, JobOrchestrator.CompletedEvent(completion.JobId), result, cancellationToken).ConfigureAwait(false);
        Log.CompletionRaised(logger, completion.JobId, owner, result.Succeeded);
    }
}
