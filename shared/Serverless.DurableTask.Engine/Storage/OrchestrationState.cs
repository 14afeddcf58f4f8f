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

    /// <summary>Completed, Failed, Terminated or Canceled: no more episodes run.</summary>
    public bool IsTerminal => Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
        or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
