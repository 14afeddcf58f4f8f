using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>The client operations: create (with dedupe), send, state, query, history and purge.</summary>
internal sealed partial class AzureStorageOrchestrationService
{
    private static readonly OrchestrationRuntimeStatus[] DefaultDedupeStatuses =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>
    /// Sends the start message first, then writes the Pending row only if nobody wrote the row meanwhile: a crash in between
    /// still runs the instance (its first episode writes the row), and the row never goes back from Running to Pending.
    /// </summary>
    public async Task CreateInstanceAsync(TaskMessage creationMessage, IReadOnlyCollection<OrchestrationRuntimeStatus>? dedupeStatuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        var started = creationMessage.Event as ExecutionStartedEvent
            ?? throw new ArgumentException($"A creation message must carry an ExecutionStartedEvent, not {creationMessage.Event.GetType().Name}.", nameof(creationMessage));
        var existing = await Instances.GetAsync(creationMessage.InstanceId, includePayloads: false, cancellationToken).ConfigureAwait(false);
        if (existing is { } found && (dedupeStatuses ?? DefaultDedupeStatuses).Contains(found.State.Status))
        {
            throw new OrchestrationAlreadyExistsException(creationMessage.InstanceId, found.State.Status);
        }

        await SendToInstanceAsync(creationMessage, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var state = OrchestrationState.Pending(creationMessage.InstanceId, started, now);
        await Instances.TryWriteAsync(state, existing?.ETag, cancellationToken).ConfigureAwait(false);
    }

    public Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendToInstanceAsync(message, cancellationToken);
    }

    public async Task<OrchestrationState?> GetStateAsync(string instanceId, bool includeInputsAndOutputs, CancellationToken cancellationToken)
    {
        var found = await Instances.GetAsync(instanceId, includeInputsAndOutputs, cancellationToken).ConfigureAwait(false);
        return found?.State;
    }

    public Task<OrchestrationStatePage> QueryStatesAsync(OrchestrationStateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Instances.QueryAsync(query, cancellationToken);
    }

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        var loaded = await History.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return loaded.Events;
    }

    public async Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var found = await Instances.GetAsync(instanceId, includePayloads: false, cancellationToken).ConfigureAwait(false);
        if (found is not { } row || !row.State.IsTerminal)
        {
            return 0;
        }

        return await PurgeAsync(row.State, row.ETag, cancellationToken).ConfigureAwait(false) ? 1 : 0;
    }

    public async Task<int> PurgeInstancesAsync(OrchestrationPurgeFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = (filter.Statuses ?? InstanceStore.TerminalStatuses).Where(s => InstanceStore.TerminalStatuses.Contains(s)).ToArray();
        if (statuses.Length == 0)
        {
            return 0;
        }

        var rows = await Instances.ListAsync(statuses, filter.CreatedFrom, filter.CreatedTo, cancellationToken).ConfigureAwait(false);
        var purged = 0;
        foreach (var (state, etag) in rows)
        {
            if (await PurgeAsync(state, etag, cancellationToken).ConfigureAwait(false))
            {
                purged++;
            }
        }

        return purged;
    }

    /// <summary>Deletes the row first (ETag-checked, so a restarted instance is left alone), then history and blobs.</summary>
    private async Task<bool> PurgeAsync(OrchestrationState state, Azure.ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Instances.DeleteAsync(state.InstanceId, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }

        ForgetHistory(state.InstanceId);
        await History.DeleteAllAsync(state.InstanceId, cancellationToken).ConfigureAwait(false);
        await Payloads.DeleteInstanceAsync(state.InstanceId, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
