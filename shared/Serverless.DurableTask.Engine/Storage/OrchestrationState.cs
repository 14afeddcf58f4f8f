using Serverless.DurableTask.Client;

namespace Serverless.DurableTask.Engine.Storage;

/// <summary>The instances-table row of an orchestration: what GetInstance and queries return.</summary>
public sealed record OrchestrationState
{
    public required string InstanceId { get; init; }

    public required string ExecutionId { get; init; }

    public required string Name { get; init; }

    public string? Version { get; init; }

    public required OrchestrationRuntimeStatus Status { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset? ScheduledStartAt { get; init; }

    public ParentInstanceInfo? ParentInstance { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>The row a backend writes when it creates an instance: Pending, with what the start event carries.</summary>
    public static OrchestrationState Pending(string instanceId, ExecutionStartedEvent started, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(started);
        return new OrchestrationState
        {
            InstanceId = instanceId,
            ExecutionId = started.ExecutionId,
            Name = started.Name,
            Version = started.Version,
            Status = OrchestrationRuntimeStatus.Pending,
            Input = started.Input,
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = started.ScheduledStartTime,
            ParentInstance = started.ParentInstance,
            Tags = started.Tags,
        };
    }

    /// <summary>Completed, Failed, Terminated or Canceled: no more episodes run.</summary>
    public bool IsTerminal => Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
        or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
