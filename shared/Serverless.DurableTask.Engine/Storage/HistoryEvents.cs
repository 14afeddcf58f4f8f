using Serverless.DurableTask.Client;

namespace Serverless.DurableTask.Engine.Storage;

/// <summary>The parent of a sub-orchestration: where its completion goes.</summary>
public sealed record ParentInstanceInfo(string Name, string InstanceId, string ExecutionId, int TaskScheduledId);

/// <summary>First event of every execution: what to run and with which input.</summary>
public sealed record ExecutionStartedEvent : HistoryEvent
{
    public required string Name { get; init; }

    public required string InstanceId { get; init; }

    public required string ExecutionId { get; init; }

    public string? Version { get; init; }

    public string? Input { get; init; }

    public ParentInstanceInfo? ParentInstance { get; init; }

    /// <summary>Delayed start (StartOrchestrationOptions.StartAt); the backend delivers the message no earlier.</summary>
    public DateTimeOffset? ScheduledStartTime { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>Last event of an execution that ran to an end: Completed, Failed (or ContinuedAsNew, see <see cref="ContinueAsNewEvent"/>).</summary>
public sealed record ExecutionCompletedEvent : HistoryEvent
{
    public required OrchestrationRuntimeStatus Status { get; init; }

    public string? Result { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }
}

/// <summary>Terminate request (as a message) and the terminal event (in history).</summary>
public sealed record ExecutionTerminatedEvent : HistoryEvent
{
    /// <summary>The termination output/reason as JSON.</summary>
    public string? Input { get; init; }
}

public sealed record ExecutionSuspendedEvent : HistoryEvent
{
    public string? Reason { get; init; }
}

public sealed record ExecutionResumedEvent : HistoryEvent
{
    public string? Reason { get; init; }
}

/// <summary>The execution ended with ContinueAsNew; a new execution with <see cref="Input"/> follows.</summary>
public sealed record ContinueAsNewEvent : HistoryEvent
{
    public string? Input { get; init; }
}

/// <summary>Marks the start of one episode; its Timestamp is the orchestration's CurrentUtcDateTime for that episode.</summary>
public sealed record OrchestratorStartedEvent : HistoryEvent
{
    /// <summary>
    /// Ids of the messages without a natural key (raised events, lifecycle requests) applied in this episode, so a
    /// redelivery of them after a crash between commit and delete is recognised and dropped.
    /// </summary>
    public IReadOnlyList<string>? ConsumedMessageIds { get; init; }
}

public sealed record OrchestratorCompletedEvent : HistoryEvent;

public sealed record TaskScheduledEvent : HistoryEvent
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    public string? Input { get; init; }
}

public sealed record TaskCompletedEvent : HistoryEvent
{
    public required int TaskScheduledId { get; init; }

    public string? Result { get; init; }
}

public sealed record TaskFailedEvent : HistoryEvent
{
    public required int TaskScheduledId { get; init; }

    public required TaskFailureDetails FailureDetails { get; init; }
}

public sealed record TimerCreatedEvent : HistoryEvent
{
    public required DateTime FireAt { get; init; }
}

/// <summary>A durable timer firing; as a message the backend must not deliver it before <see cref="FireAt"/>.</summary>
public sealed record TimerFiredEvent : HistoryEvent
{
    public required int TimerId { get; init; }

    public required DateTime FireAt { get; init; }
}

public sealed record EventRaisedEvent : HistoryEvent
{
    public required string Name { get; init; }

    public string? Input { get; init; }
}

public sealed record EventSentEvent : HistoryEvent
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public string? Input { get; init; }
}

public sealed record SubOrchestrationInstanceCreatedEvent : HistoryEvent
{
    public required string Name { get; init; }

    public required string InstanceId { get; init; }

    public string? Version { get; init; }

    public string? Input { get; init; }
}

public sealed record SubOrchestrationInstanceCompletedEvent : HistoryEvent
{
    public required int TaskScheduledId { get; init; }

    public string? Result { get; init; }
}

public sealed record SubOrchestrationInstanceFailedEvent : HistoryEvent
{
    public required int TaskScheduledId { get; init; }

    public required TaskFailureDetails FailureDetails { get; init; }
}

/// <summary>Free-form event for backend- or engine-specific markers; ignored by replay.</summary>
public sealed record GenericEvent : HistoryEvent
{
    public string? Data { get; init; }
}
