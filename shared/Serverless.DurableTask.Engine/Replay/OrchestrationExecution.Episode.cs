using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>One episode: apply new messages, collect the actions the code issued, describe the outcome.</summary>
internal sealed partial class OrchestrationExecution
{
    /// <summary>
    /// Applies <paramref name="messages"/> (already checked to belong to this execution or to start it) at time
    /// <paramref name="now"/> and returns the new history and outbound messages. Duplicates are dropped.
    /// </summary>
    public EpisodeResult RunEpisode(IEnumerable<HistoryEvent> events, IEnumerable<string> messageIds, DateTime now)
    {
        var result = new EpisodeResult();
        var accepted = new List<HistoryEvent>();
        var consumed = new List<string>();
        using var ids = messageIds.GetEnumerator();
        foreach (var e in events)
        {
            var messageId = ids.MoveNext() ? ids.Current : null;
            if (!Accept(e, messageId, consumed))
            {
                continue;
            }

            accepted.Add(e);
        }

        var started = new OrchestratorStartedEvent { Timestamp = now, ConsumedMessageIds = consumed.Count > 0 ? consumed : null };
        result.NewEvents.Add(started);
        Apply(started);
        foreach (var e in accepted)
        {
            if (Outcome is not null)
            {
                // Events after the end: carried over by ContinueAsNew (when preserved), dropped otherwise.
                if (Outcome.Status == OrchestrationRuntimeStatus.ContinuedAsNew && e is EventRaisedEvent raised)
                {
                    _buffered.Add(raised);
                }

                continue;
            }

            result.NewEvents.Add(e);
            Apply(e);
        }

        FailIfStuck();
        EmitActions(result, now);
        if (Outcome is { } outcome)
        {
            EmitOutcome(result, outcome, now);
        }

        result.NewEvents.Add(new OrchestratorCompletedEvent { Timestamp = now });
        return result;
    }

    /// <summary>
    /// An orchestrator that neither finished nor waits for anything durable can never continue (it awaited Task.Delay,
    /// Task.Run or I/O): fail it with a clear error instead of leaving it running forever.
    /// </summary>
    private void FailIfStuck()
    {
        if (Outcome is not null || Started is null || IsSuspended || _pendingActions.Count > 0
            || _openTasks.Count > 0 || _waiters.Values.Any(list => list.Any(w => !w.Task.IsCompleted)))
        {
            return;
        }

        Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(new InvalidOperationException(
            $"The orchestrator '{Name}' (instance '{InstanceId}') is waiting on a task that is not durable (for example Task.Delay, Task.Run or I/O). " +
            "Orchestrator code may only await tasks from its TaskOrchestrationContext: use CreateTimer for delays and activities for I/O.")));
    }

    private bool Accept(HistoryEvent e, string? messageId, List<string> consumed)
    {
        switch (e)
        {
            case ExecutionStartedEvent:
                return Started is null;
            case TaskCompletedEvent c:
                return IsOpen(c.TaskScheduledId);
            case TaskFailedEvent f:
                return IsOpen(f.TaskScheduledId);
            case TimerFiredEvent t:
                return IsOpen(t.TimerId);
            case SubOrchestrationInstanceCompletedEvent c:
                return IsOpen(c.TaskScheduledId);
            case SubOrchestrationInstanceFailedEvent f:
                return IsOpen(f.TaskScheduledId);
            case EventRaisedEvent or ExecutionTerminatedEvent or ExecutionSuspendedEvent or ExecutionResumedEvent:
                if (messageId is null)
                {
                    return true;
                }

                if (!_consumedMessageIds.Add(messageId))
                {
                    return false;
                }

                consumed.Add(messageId);
                return true;
            default:
                return false;
        }
    }
}
