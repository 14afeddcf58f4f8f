using Serverless.DurableTask.Engine.Replay;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Dispatch;

/// <summary>Where an episode's execution comes from (cache or replay) and the state row it produces.</summary>
internal sealed partial class OrchestrationDispatcher
{
    private async Task<(OrchestrationExecution? Execution, string? ETag, OrchestrationState? State)> GetExecutionAsync(OrchestrationWorkItem workItem)
    {
        if (_cache.TryRemove(workItem.InstanceId, out var cached) && options.ExtendedSessionsEnabled
            && cached.OwnershipToken == workItem.OwnershipToken)
        {
            return (cached.Execution, cached.ETag, cached.State);
        }

        var stored = await service.LoadHistoryAsync(workItem, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Increment(ref _fullReplays);
        if (stored.Events.Count == 0)
        {
            return (null, stored.ETag, stored.State);
        }

        var execution = NewExecution(workItem.InstanceId);
        execution.Replay(stored.Events);
        return (execution, stored.ETag, stored.State);
    }

    private OrchestrationExecution NewExecution(string instanceId) =>
        new(instanceId, name => registry.ResolveOrchestrator(name, services), loggerFactory);

    private static OrchestrationState BuildState(OrchestrationExecution execution, OrchestrationState? previous, DateTimeOffset now)
    {
        var started = execution.Started!;
        var sameInstanceRow = previous is not null;
        return new OrchestrationState
        {
            InstanceId = execution.InstanceId,
            ExecutionId = started.ExecutionId,
            Name = started.Name,
            Version = started.Version,
            Status = execution.Status,
            Input = started.Input,
            Output = execution.Outcome?.Output,
            CustomStatus = execution.CustomStatus,
            FailureDetails = execution.Outcome?.Failure,
            CreatedAt = sameInstanceRow ? previous!.CreatedAt : now,
            LastUpdatedAt = now,
            CompletedAt = execution.Outcome is null ? null : now,
            ScheduledStartAt = started.ScheduledStartTime,
            ParentInstance = started.ParentInstance,
            Tags = started.Tags,
        };
    }

    private async Task AbandonQuietly(OrchestrationWorkItem workItem, TimeSpan delay)
    {
        try
        {
            await service.AbandonOrchestrationWorkItemAsync(workItem, delay, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The lock then simply expires.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
