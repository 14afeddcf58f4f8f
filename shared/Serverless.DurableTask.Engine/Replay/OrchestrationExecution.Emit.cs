using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>Turning the actions and the outcome of an episode into history events and outbound messages.</summary>
internal sealed partial class OrchestrationExecution
{
    private void EmitActions(EpisodeResult result, DateTime now)
    {
        if (Outcome?.Status is OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Failed)
        {
            _pendingActions.Clear();
            return;
        }

        foreach (var action in _pendingActions.Values)
        {
            var recorded = action with { Timestamp = now };
            result.NewEvents.Add(recorded);
            var messageId = $"{InstanceId}:{ExecutionId}:{action.EventId}";
            switch (recorded)
            {
                case TaskScheduledEvent:
                    result.ActivityMessages.Add(new TaskMessage { InstanceId = InstanceId, ExecutionId = ExecutionId, Event = recorded, MessageId = messageId });
                    break;
                case TimerCreatedEvent timer:
                    result.TimerMessages.Add(new TaskMessage
                    {
                        InstanceId = InstanceId,
                        ExecutionId = ExecutionId,
                        Event = new TimerFiredEvent { Timestamp = now, TimerId = timer.EventId, FireAt = timer.FireAt },
                        MessageId = messageId,
                        VisibleAt = new DateTimeOffset(timer.FireAt, TimeSpan.Zero),
                    });
                    break;
                case SubOrchestrationInstanceCreatedEvent sub:
                    result.OrchestratorMessages.Add(new TaskMessage
                    {
                        InstanceId = sub.InstanceId,
                        ExecutionId = null,
                        MessageId = messageId,
                        Event = new ExecutionStartedEvent
                        {
                            Timestamp = now,
                            Name = sub.Name,
                            InstanceId = sub.InstanceId,
                            ExecutionId = Guid.NewGuid().ToString("N"),
                            Input = sub.Input,
                            Version = sub.Version,
                            ParentInstance = new ParentInstanceInfo(Name, InstanceId, ExecutionId!, sub.EventId),
                        },
                    });
                    break;
                case EventSentEvent sent:
                    result.OrchestratorMessages.Add(new TaskMessage
                    {
                        InstanceId = sent.InstanceId,
                        MessageId = messageId,
                        Event = new EventRaisedEvent { Timestamp = now, Name = sent.Name, Input = sent.Input },
                    });
                    break;
            }
        }

        _pendingActions.Clear();
    }

    private void EmitOutcome(EpisodeResult result, ExecutionOutcome outcome, DateTime now)
    {
        if (outcome.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            result.NewEvents.Add(new ContinueAsNewEvent { Timestamp = now, Input = outcome.ContinueAsNewInput });
            if (outcome.PreserveUnprocessedEvents)
            {
                result.CarriedOverEvents.AddRange(_buffered);
                result.CarriedOverEvents.AddRange(_deferred.OfType<EventRaisedEvent>());
            }

            return;
        }

        result.NewEvents.Add(new ExecutionCompletedEvent
        {
            Timestamp = now,
            Status = outcome.Status,
            Result = outcome.Output,
            FailureDetails = outcome.Failure,
        });

        if (Started?.ParentInstance is { } parent)
        {
            HistoryEvent reply = outcome.Status == OrchestrationRuntimeStatus.Completed
                ? new SubOrchestrationInstanceCompletedEvent { Timestamp = now, TaskScheduledId = parent.TaskScheduledId, Result = outcome.Output }
                : new SubOrchestrationInstanceFailedEvent
                {
                    Timestamp = now,
                    TaskScheduledId = parent.TaskScheduledId,
                    FailureDetails = outcome.Failure ?? new TaskFailureDetails(
                        "Terminated", $"The sub-orchestration '{InstanceId}' was terminated: {outcome.Output}", null, null),
                };
            result.OrchestratorMessages.Add(new TaskMessage
            {
                InstanceId = parent.InstanceId,
                ExecutionId = parent.ExecutionId,
                Event = reply,
                MessageId = $"{InstanceId}:{ExecutionId}:completed",
            });
        }
    }
}
