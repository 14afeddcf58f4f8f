namespace Serverless.Jobs;

/// <summary>
/// Follows a run through the store alone: the way a waiter resumes after the process that started the run is gone.
/// </summary>
internal static class StoreWaiter
{
    /// <param name="probe">Launcher-specific check, called each round; a non-null result ends the run.</param>
    /// <param name="ending">Called when this waiter ends the run, before the result is recorded (to stop what still runs).</param>
    public static async Task<JobResult> WaitAsync(
        JobStore store,
        string jobId,
        TimeProvider time,
        TimeSpan interval,
        Func<JobRunRecord, CancellationToken, Task<JobResult?>>? probe,
        Func<JobRunRecord, Task>? ending,
        CancellationToken cancellationToken)
    {
        JobStore.RequireJobId(jobId);
        while (true)
        {
            var result = await store.ReadResultAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                return result;
            }

            var run = await store.ReadRunAsync(jobId, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException(
                    $"No job run with id '{jobId}' is recorded in container '{store.Container.Name}'.");
            var ended = await store.TryAggregateAsync(run.Request, cancellationToken).ConfigureAwait(false);
            if (ended is null && probe is not null)
            {
                ended = await probe(run, cancellationToken).ConfigureAwait(false);
            }

            if (ended is not null)
            {
                if (ending is not null)
                {
                    await ending(run).ConfigureAwait(false);
                }

                return await store.CompleteAsync(ended, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
