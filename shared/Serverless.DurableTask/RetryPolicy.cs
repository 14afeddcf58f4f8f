namespace Serverless.DurableTask;

/// <summary>A declarative retry policy for activity and sub-orchestration calls. Retry waits are durable timers.</summary>
public class RetryPolicy
{
    /// <summary>Creates a retry policy.</summary>
    /// <param name="maxNumberOfAttempts">The maximum number of attempts, including the first. Must be 1 or greater.</param>
    /// <param name="firstRetryInterval">The delay between the first and second attempt. Must be greater than zero.</param>
    /// <param name="backoffCoefficient">The exponential back-off coefficient; 1.0 or greater (default 1.0).</param>
    /// <param name="maxRetryInterval">The longest delay between attempts (default one hour).</param>
    /// <param name="retryTimeout">How long to keep retrying after the first attempt (default infinite).</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        if (maxNumberOfAttempts <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, "The value must be greater than zero.");
        }

        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The value must be greater than zero.");
        }

        if (backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The value must be greater than or equal to 1.0.");
        }

        if (maxRetryInterval < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), maxRetryInterval, $"The value must be greater than or equal to the {nameof(firstRetryInterval)} value.");
        }

        if (retryTimeout < firstRetryInterval && retryTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), retryTimeout, $"The value must be greater than or equal to the {nameof(firstRetryInterval)} value.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

    /// <summary>Which failures are retried; by default all. Return false to stop retrying and rethrow.</summary>
    public Func<TaskFailureDetails, bool> HandleFailure { get; init; } = static _ => true;

    /// <summary>
    /// The delay before the retry that follows failed attempt number <paramref name="attempt"/> (1-based):
    /// FirstRetryInterval x BackoffCoefficient^(attempt-1), capped at MaxRetryInterval.
    /// </summary>
    public TimeSpan GetRetryDelay(int attempt)
    {
        var milliseconds = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, attempt - 1);
        return milliseconds < MaxRetryInterval.TotalMilliseconds ? TimeSpan.FromMilliseconds(milliseconds) : MaxRetryInterval;
    }
}
