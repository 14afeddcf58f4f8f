namespace Serverless.DurableTask;

/// <summary>Thrown into an orchestrator when an activity or sub-orchestration it awaited failed.</summary>
public class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base(CreateMessage(taskName, taskId, failureDetails))
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails ?? throw new ArgumentNullException(nameof(failureDetails));
    }

    public TaskFailedException()
        : this("unknown", -1, new TaskFailureDetails(typeof(Exception).FullName!, "unknown", null, null))
    {
    }

    public TaskFailedException(string message)
        : base(message)
    {
        TaskName = "unknown";
        TaskId = -1;
        FailureDetails = new TaskFailureDetails(typeof(Exception).FullName!, message, null, null);
    }

    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = "unknown";
        TaskId = -1;
        FailureDetails = TaskFailureDetails.FromException(innerException);
    }

    /// <summary>The activity or orchestrator name.</summary>
    public string TaskName { get; }

    /// <summary>The task's sequence number in the orchestration.</summary>
    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }

    private static string CreateMessage(string taskName, int taskId, TaskFailureDetails details) =>
        $"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {details?.ErrorMessage}";
}

/// <summary>Thrown into an orchestrator when a sub-orchestration failed; a <see cref="TaskFailedException"/>.</summary>
public sealed class SubOrchestrationFailedException : TaskFailedException
{
    public SubOrchestrationFailedException(string taskName, int taskId, string instanceId, TaskFailureDetails failureDetails)
        : base(taskName, taskId, failureDetails)
    {
        InstanceId = instanceId;
    }

    public SubOrchestrationFailedException()
    {
        InstanceId = string.Empty;
    }

    public SubOrchestrationFailedException(string message)
        : base(message)
    {
        InstanceId = string.Empty;
    }

    public SubOrchestrationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        InstanceId = string.Empty;
    }

    /// <summary>The failed sub-orchestration's instance id.</summary>
    public string InstanceId { get; }
}
