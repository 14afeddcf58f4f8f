namespace Serverless.DurableTask.Engine.Storage;

/// <summary>
/// A message to an orchestration instance (control queue) or to an activity worker (work-item queue): the target
/// instance and execution and the history event it carries. <see cref="MessageId"/> is assigned by the sender and is
/// stable across re-sends of the same logical message (the engine derives it from instance, execution and event id), so a
/// backend or the engine may drop duplicates.
/// </summary>
public sealed record TaskMessage
{
    public required string InstanceId { get; init; }

    /// <summary>The target execution; null means "whatever execution is current" (raised events, terminate, ...).</summary>
    public string? ExecutionId { get; init; }

    public required HistoryEvent Event { get; init; }

    public string MessageId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>Earliest delivery time; null delivers at once. Timer messages set it to the fire time.</summary>
    public DateTimeOffset? VisibleAt { get; init; }

    /// <summary>How many times the backend has delivered this message before (0 on first delivery). Set by the backend.</summary>
    public int DequeueCount { get; init; }
}
