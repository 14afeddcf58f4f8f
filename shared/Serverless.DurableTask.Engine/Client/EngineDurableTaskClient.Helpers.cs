using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Client;

internal sealed partial class EngineDurableTaskClient
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    internal static OrchestrationMetadata ToMetadata(OrchestrationState state, bool withInputsAndOutputs) => new(state.Name, state.InstanceId)
    {
        RuntimeStatus = state.Status,
        CreatedAt = state.CreatedAt,
        LastUpdatedAt = state.LastUpdatedAt,
        SerializedInput = withInputsAndOutputs ? state.Input : null,
        SerializedOutput = withInputsAndOutputs ? state.Output : null,
        SerializedCustomStatus = withInputsAndOutputs ? state.CustomStatus : null,
        FailureDetails = state.FailureDetails,
        RequestedInputsAndOutputs = withInputsAndOutputs,
    };

    private static void ValidateInstanceId(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (instanceId.Length > 256 || instanceId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new ArgumentException(
                $"The instance ID '{instanceId}' is not valid: at most 256 characters, without control characters or '/', '\\', '#', '?'.", nameof(instanceId));
        }
    }

    private async Task CreateAsync(string name, string instanceId, string? input, DateTimeOffset? startAt, CancellationToken cancellation)
    {
        var started = new ExecutionStartedEvent
        {
            Timestamp = Now,
            Name = name,
            InstanceId = instanceId,
            ExecutionId = Guid.NewGuid().ToString("N"),
            Input = input,
            ScheduledStartTime = startAt,
        };
        var message = new TaskMessage { InstanceId = instanceId, ExecutionId = started.ExecutionId, Event = started, VisibleAt = startAt };
        await store.CreateInstanceAsync(message, null, cancellation).ConfigureAwait(false);
    }

    private Task SendAsync(string instanceId, HistoryEvent e, CancellationToken cancellation) =>
        store.SendMessageAsync(new TaskMessage { InstanceId = instanceId, Event = e }, cancellation);

    private async Task<OrchestrationState> RequireAsync(string instanceId, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return await store.GetStateAsync(instanceId, includeInputsAndOutputs: false, cancellation).ConfigureAwait(false)
            ?? throw new ArgumentException($"No instance with ID '{instanceId}' was found.", nameof(instanceId));
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            // Polling cadence is not orchestration time: real delay, so waiting works under a fake clock too.
            await Task.Delay(_options.ClientPollInterval, TimeProvider.System, cancellation).ConfigureAwait(false);
        }
    }
}
