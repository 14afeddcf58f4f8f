namespace Serverless.DurableTask;

/// <summary>What a custom retry handler sees after a failed attempt.</summary>
public record RetryContext(
    TaskOrchestrationContext OrchestrationContext,
    int LastAttemptNumber,
    TaskFailureDetails LastFailure,
    TimeSpan TotalRetryTime,
    CancellationToken CancellationToken);

/// <summary>Decides asynchronously whether to retry; it may await durable timers on the orchestration context to delay.</summary>
public delegate Task<bool> AsyncRetryHandler(RetryContext retryContext);

/// <summary>Decides whether to retry, without delay.</summary>
public delegate bool RetryHandler(RetryContext retryContext);
