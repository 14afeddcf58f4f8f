namespace Serverless.DurableTask;

/// <summary>Options for an activity or sub-orchestration call: its retry behaviour.</summary>
public record TaskOptions
{
    public TaskOptions(TaskRetryOptions? retry = null)
    {
        Retry = retry;
    }

    public TaskRetryOptions? Retry { get; init; }

    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(new TaskRetryOptions(policy));

    public static TaskOptions FromRetryHandler(AsyncRetryHandler retryHandler) => new(new TaskRetryOptions(retryHandler));

    public static TaskOptions FromRetryHandler(RetryHandler retryHandler)
    {
        ArgumentNullException.ThrowIfNull(retryHandler);
        return FromRetryHandler(context => Task.FromResult(retryHandler(context)));
    }

    /// <summary>Sub-orchestration options with these retries and the given instance id.</summary>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(this, instanceId);
}

/// <summary>Options for a sub-orchestration call: retries and the child's instance id.</summary>
public record SubOrchestrationOptions : TaskOptions
{
    public SubOrchestrationOptions(TaskRetryOptions? retry = null, string? instanceId = null)
        : base(retry)
    {
        InstanceId = instanceId;
    }

    public SubOrchestrationOptions(TaskOptions options, string? instanceId = null)
        : base(options?.Retry)
    {
        InstanceId = instanceId;
    }

    /// <summary>The child's instance id; by default a deterministic new GUID.</summary>
    public string? InstanceId { get; init; }
}

/// <summary>Either a declarative <see cref="RetryPolicy"/> or a custom <see cref="AsyncRetryHandler"/>.</summary>
public sealed class TaskRetryOptions
{
    public TaskRetryOptions(RetryPolicy policy)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
    }

    public TaskRetryOptions(AsyncRetryHandler handler)
    {
        Handler = handler ?? throw new ArgumentNullException(nameof(handler));
    }

    public RetryPolicy? Policy { get; }

    public AsyncRetryHandler? Handler { get; }

    public static implicit operator TaskRetryOptions(RetryPolicy policy) => new(policy);

    public static implicit operator TaskRetryOptions(AsyncRetryHandler handler) => new(handler);

    public static TaskRetryOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    public static TaskRetryOptions FromRetryHandler(AsyncRetryHandler handler) => new(handler);
}
