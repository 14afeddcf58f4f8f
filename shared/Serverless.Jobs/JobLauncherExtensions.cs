namespace Serverless.Jobs;

/// <summary>
/// The two steps an orchestration needs, each idempotent by job id so that either may be retried or replayed after a
/// host restart: <see cref="StartAsync{TInput}"/> (write the input, start the run) and <see cref="IJobLauncher.WaitAsync"/>
/// (resume following the run from the store). <see cref="RunAsync{TInput, TOutput}"/> chains them for callers that
/// need no restart safety between the steps.
/// </summary>
public static class JobLauncherExtensions
{
    /// <summary>
    /// Writes <paramref name="input"/> as the job's input blob and starts the run. A second call with the same
    /// <see cref="JobRequest.JobId"/> rewrites the same input and leaves the recorded run as it is.
    /// </summary>
    /// <param name="request">The run; its <see cref="JobRequest.InputBlob"/> is replaced by the blob written here.</param>
    public static async Task<JobRequest> StartAsync<TInput>(
        this IJobLauncher launcher,
        JobStore store,
        JobRequest request,
        TInput input,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        if (await store.ReadResultAsync(request.JobId, cancellationToken).ConfigureAwait(false) is null)
        {
            var inputBlob = await store.WriteInputAsync(request.JobId, input, cancellationToken).ConfigureAwait(false);
            request = request with { InputBlob = inputBlob };
        }
        else
        {
            request = request with { InputBlob = JobStore.InputBlobName(request.JobId) };
        }

        await launcher.StartAsync(request, cancellationToken).ConfigureAwait(false);
        return request;
    }

    /// <summary>Starts the run and waits for it; returns the typed output or throws <see cref="JobFailedException"/>.</summary>
    public static async Task<TOutput?> RunAsync<TInput, TOutput>(
        this IJobLauncher launcher,
        JobStore store,
        JobRequest request,
        TInput input,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        var started = await launcher.StartAsync(store, request, input, cancellationToken).ConfigureAwait(false);
        var result = await launcher.WaitAsync(started.JobId, cancellationToken).ConfigureAwait(false);
        return result.GetOutput<TOutput>();
    }
}
