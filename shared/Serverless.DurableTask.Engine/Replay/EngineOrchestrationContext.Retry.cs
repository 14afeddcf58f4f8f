namespace Serverless.DurableTask.Engine.Replay;

/// <summary>Retries in orchestrator code: the waits are durable timers, so a crash during a back-off loses nothing.</summary>
internal sealed partial class EngineOrchestrationContext
{
    private Task<T> WithRetries<T>(TaskOptions? options, Func<Task<T>> call) => options?.Retry switch
    {
        { Policy: { } policy } => WithPolicyAsync(policy, call),
        { Handler: { } handler } => WithHandlerAsync(handler, call),
        _ => call(),
    };

    private async Task<T> WithPolicyAsync<T>(RetryPolicy policy, Func<Task<T>> call)
    {
        var firstAttempt = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(true);
            }
            catch (TaskFailedException ex) when (ShouldRetry(policy, attempt, firstAttempt, ex))
            {
                await CreateTimer(CurrentUtcDateTime.Add(policy.GetRetryDelay(attempt)), CancellationToken.None).ConfigureAwait(true);
            }
        }
    }

    private bool ShouldRetry(RetryPolicy policy, int attempt, DateTime firstAttempt, TaskFailedException ex)
    {
        if (attempt >= policy.MaxNumberOfAttempts || !policy.HandleFailure(ex.FailureDetails))
        {
            return false;
        }

        return policy.RetryTimeout == Timeout.InfiniteTimeSpan || policy.RetryTimeout == TimeSpan.MaxValue
            || CurrentUtcDateTime < firstAttempt.Add(policy.RetryTimeout);
    }

    private async Task<T> WithHandlerAsync<T>(AsyncRetryHandler handler, Func<Task<T>> call)
    {
        var start = CurrentUtcDateTime;
        var failures = 0;
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(true);
            }
            catch (TaskFailedException ex)
            {
                failures++;
                var context = new RetryContext(this, failures, ex.FailureDetails, CurrentUtcDateTime - start, CancellationToken.None);
                if (!await handler(context).ConfigureAwait(true) || failures == int.MaxValue)
                {
                    throw;
                }
            }
        }
    }
}
