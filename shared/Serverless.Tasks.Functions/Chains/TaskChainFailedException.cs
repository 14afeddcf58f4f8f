namespace Serverless.Tasks.Functions.Chains;

/// <summary>A step of a task chain did not succeed: the chain's orchestration fails with this, naming the step and its status.</summary>
public sealed class TaskChainFailedException : Exception
{
    public TaskChainFailedException()
    {
    }

    public TaskChainFailedException(string message)
        : base(message)
    {
    }

    public TaskChainFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The chain's failure for a step that ended without success.</summary>
    internal static TaskChainFailedException StepEnded(string instanceId, TaskRun run)
    {
        var why = run.Error is { } error ? $": {error.Type}: {error.Message}" : run.Reason is { } reason ? $": {reason}" : string.Empty;
        return new($"Task chain '{instanceId}': step '{run.Task}' (run '{run.RunId}') ended {run.Status}{why}. The later steps do not run.");
    }
}
