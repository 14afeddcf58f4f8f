namespace Serverless.DurableTask;

/// <summary>The context of one activity execution.</summary>
public abstract class TaskActivityContext
{
    /// <summary>The activity name.</summary>
    public abstract TaskName Name { get; }

    /// <summary>The instance id of the orchestration that scheduled the activity.</summary>
    public abstract string InstanceId { get; }
}
