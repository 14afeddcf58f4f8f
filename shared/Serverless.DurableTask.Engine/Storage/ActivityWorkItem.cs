namespace Serverless.DurableTask.Engine.Storage;

/// <summary>
/// One activity execution locked from the work-item queue. Backends may subclass it to carry their receipts.
/// </summary>
public class ActivityWorkItem
{
    /// <summary>The backend's id of the locked message.</summary>
    public required string Id { get; init; }

    /// <summary>The scheduling message: its event is a <see cref="TaskScheduledEvent"/>.</summary>
    public required TaskMessage Message { get; init; }

    /// <summary>Until when the lock is held; the backend redelivers the message afterwards unless renewed or completed.</summary>
    public DateTimeOffset LockedUntil { get; set; }

    public TaskScheduledEvent Scheduled => (TaskScheduledEvent)Message.Event;
}
