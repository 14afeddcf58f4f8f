using Azure;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Client;

/// <summary>The <see cref="DurableTaskClient"/> over a storage backend's client contract.</summary>
internal sealed partial class EngineDurableTaskClient(IOrchestrationServiceClient store, IOptions<DurableTaskEngineOptions> options, TimeProvider time)
    : DurableTaskClient(options.Value.HubName)
{
    private readonly DurableTaskEngineOptions _options = options.Value;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName.Name);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        await CreateAsync(orchestratorName, instanceId, JsonDataConverter.Serialize(input), options?.StartAt, cancellation).ConfigureAwait(false);
        return instanceId;
    }

    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        await RequireAsync(instanceId, cancellation).ConfigureAwait(false);
        await SendAsync(instanceId, new EventRaisedEvent { Timestamp = Now, Name = eventName, Input = JsonDataConverter.Serialize(eventPayload) }, cancellation).ConfigureAwait(false);
    }

    public override async Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default)
    {
        var state = await RequireAsync(instanceId, cancellation).ConfigureAwait(false);
        if (!state.IsTerminal)
        {
            await SendAsync(instanceId, new ExecutionTerminatedEvent { Timestamp = Now, Input = JsonDataConverter.Serialize(output) }, cancellation).ConfigureAwait(false);
        }
    }

    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        var state = await RequireAsync(instanceId, cancellation).ConfigureAwait(false);
        if (!state.IsTerminal)
        {
            await SendAsync(instanceId, new ExecutionSuspendedEvent { Timestamp = Now, Reason = reason }, cancellation).ConfigureAwait(false);
        }
    }

    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        var state = await RequireAsync(instanceId, cancellation).ConfigureAwait(false);
        if (!state.IsTerminal)
        {
            await SendAsync(instanceId, new ExecutionResumedEvent { Timestamp = Now, Reason = reason }, cancellation).ConfigureAwait(false);
        }
    }

    public override async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await store.GetStateAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
        return state is null ? null : ToMetadata(state, getInputsAndOutputs);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        new QueryPageable(store, filter ?? new OrchestrationQuery());

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await store.GetStateAsync(instanceId, includeInputsAndOutputs: true, cancellation).ConfigureAwait(false)
            ?? throw new ArgumentException($"An orchestration with the instanceId '{instanceId}' was not found.", nameof(instanceId));
        if (!restartWithNewInstanceId && !state.IsTerminal)
        {
            throw new InvalidOperationException(
                $"The orchestration instance '{instanceId}' is {state.Status}: only a completed, failed or terminated instance can be restarted under the same instance ID.");
        }

        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        await CreateAsync(state.Name, newId, state.Input, null, cancellation).ConfigureAwait(false);
        return newId;
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return new PurgeResult(await store.PurgeInstanceAsync(instanceId, cancellation).ConfigureAwait(false));
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var count = await store.PurgeInstancesAsync(
            new OrchestrationPurgeFilter { CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, Statuses = filter.Statuses?.ToList() },
            cancellation).ConfigureAwait(false);
        return new PurgeResult(count);
    }
}
