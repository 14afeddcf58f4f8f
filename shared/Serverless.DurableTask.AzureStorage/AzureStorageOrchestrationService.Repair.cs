using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// The instance row is written after the history commit (they live in different tables, so no single transaction covers
/// both). A crash in between leaves the row behind the history. A later episode rewrites it anyway, except when the
/// history already ended: the engine then drops the redelivered messages and writes no state, so the row is rebuilt here
/// from the history when it is loaded.
/// </summary>
internal sealed partial class AzureStorageOrchestrationService
{
    private async Task<OrchestrationState?> RepairStaleRowAsync(string instanceId, HistoryStore.Loaded loaded, InstanceStore.InstanceRow? row, CancellationToken cancellationToken)
    {
        // Up to date, or a row about another execution (a restart the client just asked for): leave it.
        if (loaded.ExecutionId is null
            || (row is not null && (row.State.ExecutionId != loaded.ExecutionId || (row.HistoryExecutionId == loaded.ExecutionId && row.HistoryCount == loaded.Count))))
        {
            return row?.State;
        }

        var started = loaded.Events.OfType<ExecutionStartedEvent>().FirstOrDefault();
        var end = loaded.Events.LastOrDefault(e => e is ExecutionCompletedEvent or ExecutionTerminatedEvent);
        if (started is null || end is null)
        {
            return row?.State;
        }

        var (status, output, failure) = end switch
        {
            ExecutionCompletedEvent completed => (completed.Status, completed.Result, completed.FailureDetails),
            ExecutionTerminatedEvent terminated => (OrchestrationRuntimeStatus.Terminated, terminated.Input, null),
            _ => throw new InvalidOperationException("unreachable"),
        };
        var completedAt = new DateTimeOffset(DateTime.SpecifyKind(end.Timestamp, DateTimeKind.Utc));
        var repaired = new OrchestrationState
        {
            InstanceId = instanceId,
            ExecutionId = started.ExecutionId,
            Name = started.Name,
            Version = started.Version,
            Status = status,
            Input = started.Input,
            Output = output,
            CustomStatus = row?.State.CustomStatus,
            FailureDetails = failure,
            CreatedAt = row?.State.CreatedAt ?? new DateTimeOffset(DateTime.SpecifyKind(started.Timestamp, DateTimeKind.Utc)),
            LastUpdatedAt = completedAt,
            CompletedAt = completedAt,
            ScheduledStartAt = started.ScheduledStartTime,
            ParentInstance = started.ParentInstance,
            Tags = started.Tags,
        };
        await Instances.UpsertAsync(repaired, loaded.ExecutionId, loaded.Count, cancellationToken).ConfigureAwait(false);
        return repaired;
    }
}
