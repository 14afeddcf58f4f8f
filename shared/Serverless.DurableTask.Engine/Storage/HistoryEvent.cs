using System.Text.Json.Serialization;

namespace Serverless.DurableTask.Engine.Storage;

/// <summary>
/// One event of an orchestration's event-sourced history. Records, serializable with System.Text.Json as the base type
/// (the "$type" discriminator names the kind). <see cref="EventId"/> is the sequence number the orchestrator assigned to
/// the action that produced the event (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated, EventSent); -1 for
/// events that come from outside (completions, raised events, lifecycle events).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ExecutionStartedEvent), "ExecutionStarted")]
[JsonDerivedType(typeof(ExecutionCompletedEvent), "ExecutionCompleted")]
[JsonDerivedType(typeof(ExecutionTerminatedEvent), "ExecutionTerminated")]
[JsonDerivedType(typeof(ExecutionSuspendedEvent), "ExecutionSuspended")]
[JsonDerivedType(typeof(ExecutionResumedEvent), "ExecutionResumed")]
[JsonDerivedType(typeof(ContinueAsNewEvent), "ContinueAsNew")]
[JsonDerivedType(typeof(OrchestratorStartedEvent), "OrchestratorStarted")]
[JsonDerivedType(typeof(OrchestratorCompletedEvent), "OrchestratorCompleted")]
[JsonDerivedType(typeof(TaskScheduledEvent), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompletedEvent), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailedEvent), "TaskFailed")]
[JsonDerivedType(typeof(TimerCreatedEvent), "TimerCreated")]
[JsonDerivedType(typeof(TimerFiredEvent), "TimerFired")]
[JsonDerivedType(typeof(EventRaisedEvent), "EventRaised")]
[JsonDerivedType(typeof(EventSentEvent), "EventSent")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCreatedEvent), "SubOrchestrationInstanceCreated")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCompletedEvent), "SubOrchestrationInstanceCompleted")]
[JsonDerivedType(typeof(SubOrchestrationInstanceFailedEvent), "SubOrchestrationInstanceFailed")]
[JsonDerivedType(typeof(GenericEvent), "Generic")]
public abstract record HistoryEvent
{
    /// <summary>Sequence number of the orchestrator action that produced the event, or -1.</summary>
    public int EventId { get; init; } = -1;

    /// <summary>When the event was created (UTC).</summary>
    public DateTime Timestamp { get; init; }
}
