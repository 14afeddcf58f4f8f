namespace Serverless.DurableTask;

/// <summary>The context of one activity execution.</summary>
public abstract class TaskActivityContext
{
    /// <summary>The activity name.</summary>
    public abstract TaskName Name { get; }

    /// <summary>The instance id of the orchestration that scheduled the activity.</summary>
    public abstract string InstanceId { get; }

    /// <summary>
    /// Identifies the scheduled task this execution belongs to: the same for every redelivery of it, new for each retry
    /// attempt and each execution of the orchestration (ContinueAsNew). An addition to Durable Functions' context, for
    /// work that must be idempotent per scheduled task (a CPU-bound job started once however often its activity runs).
    /// </summary>
    public virtual string TaskId => string.Empty;
}
