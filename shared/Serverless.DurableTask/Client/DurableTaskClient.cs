using Azure;

namespace Serverless.DurableTask.Client;

/// <summary>Starts, queries and manages orchestration instances (same shape as Microsoft.DurableTask.Client).</summary>
public abstract class DurableTaskClient : IAsyncDisposable
{
    protected DurableTaskClient(string name)
    {
        Name = name;
    }

    /// <summary>The client's name (the task hub name).</summary>
    public string Name { get; }

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, CancellationToken cancellation) =>
        ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, null, cancellation);

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, CancellationToken cancellation) =>
        ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, null, cancellation);

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, StartOrchestrationOptions options, CancellationToken cancellation = default) =>
        ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, options, cancellation);

    /// <summary>Schedules a new instance and returns its id. Throws when a non-terminal instance with the id exists.</summary>
    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);

    public virtual Task RaiseEventAsync(string instanceId, string eventName, CancellationToken cancellation) =>
        RaiseEventAsync(instanceId, eventName, null, cancellation);

    /// <summary>Sends an event to a running instance.</summary>
    public abstract Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    public virtual Task TerminateInstanceAsync(string instanceId, CancellationToken cancellation) =>
        TerminateInstanceAsync(instanceId, null, cancellation);

    /// <summary>Terminates a running instance; <paramref name="output"/> becomes its output.</summary>
    public abstract Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default);

    public virtual Task SuspendInstanceAsync(string instanceId, CancellationToken cancellation) =>
        SuspendInstanceAsync(instanceId, null, cancellation);

    public abstract Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    public virtual Task ResumeInstanceAsync(string instanceId, CancellationToken cancellation) =>
        ResumeInstanceAsync(instanceId, null, cancellation);

    public abstract Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation) =>
        GetInstanceAsync(instanceId, false, cancellation);

    /// <summary>The instance's metadata, or null when it does not exist.</summary>
    public abstract Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Same as <see cref="GetInstanceAsync(string, bool, CancellationToken)"/> (older name).</summary>
    public virtual Task<OrchestrationMetadata?> GetInstanceMetadataAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation);

    /// <summary>Instances matching the query, page by page.</summary>
    public abstract AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null);

    public virtual Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, CancellationToken cancellation) =>
        WaitForInstanceStartAsync(instanceId, false, cancellation);

    /// <summary>Waits until the instance leaves Pending.</summary>
    public abstract Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public virtual Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellation) =>
        WaitForInstanceCompletionAsync(instanceId, false, cancellation);

    /// <summary>Waits until the instance is Completed, Failed or Terminated.</summary>
    public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Restarts an instance with its original input, under the same or a new instance id; returns the id.</summary>
    public abstract Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default);

    public virtual Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation) =>
        PurgeInstanceAsync(instanceId, null, cancellation);

    /// <summary>Deletes a terminal instance's state and history.</summary>
    public abstract Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default);

    /// <summary>Deletes every terminal instance matching the filter.</summary>
    public abstract Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default);

    public virtual Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation) =>
        PurgeAllInstancesAsync(filter, null, cancellation);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
