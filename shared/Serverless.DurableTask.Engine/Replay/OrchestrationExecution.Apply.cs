using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>Applying one history event: starting the orchestrator, confirming actions, delivering results.</summary>
internal sealed partial class OrchestrationExecution
{
    private void ApplyCore(HistoryEvent e)
    {
        if (Outcome is not null)
        {
            return;
        }

        switch (e)
        {
            case OrchestratorStartedEvent started:
                CurrentUtcDateTime = DateTime.SpecifyKind(started.Timestamp, DateTimeKind.Utc);
                foreach (var id in started.ConsumedMessageIds ?? [])
                {
                    _consumedMessageIds.Add(id);
                }

                break;
            case ExecutionStartedEvent started:
                Start(started);
                break;
            case TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent or EventSentEvent:
                Confirm(e);
                break;
            case ExecutionSuspendedEvent:
                IsSuspended = true;
                break;
            case ExecutionResumedEvent:
                IsSuspended = false;
                var deferred = _deferred.ToList();
                _deferred.Clear();
                foreach (var d in deferred)
                {
                    Deliver(d);
                }

                break;
            case ExecutionTerminatedEvent terminated:
                Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Terminated, terminated.Input, null);
                break;
            case TaskCompletedEvent or TaskFailedEvent or TimerFiredEvent or EventRaisedEvent
                or SubOrchestrationInstanceCompletedEvent or SubOrchestrationInstanceFailedEvent:
                if (IsSuspended)
                {
                    _deferred.Add(e);
                }
                else
                {
                    Deliver(e);
                }

                break;
            default:
                // ExecutionCompleted, ContinueAsNew, OrchestratorCompleted and generic events carry no replay input.
                break;
        }
    }

    private void Start(ExecutionStartedEvent started)
    {
        if (Started is not null)
        {
            return;
        }

        Started = started;
        _context = new EngineOrchestrationContext(this, _loggerFactory);
        var invoker = _resolveOrchestrator(started.Name);
        if (invoker is null)
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null, new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!,
                $"The orchestrator '{started.Name}' is not registered with this worker (instance '{InstanceId}').",
                null,
                null));
            return;
        }

        var context = _context;
        _sync.Run(() => _orchestratorTask = Invoke(invoker, context, started.Input));
    }

    private static Task<string?> Invoke(OrchestratorInvoker invoker, TaskOrchestrationContext context, string? input)
    {
        try
        {
            return invoker(context, input);
        }
#pragma warning disable CA1031 // Any exception from user code fails the orchestration.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<string?>(ex);
        }
    }
}
