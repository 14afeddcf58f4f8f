using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>What orchestrator code asks for: actions get sequence numbers and wait for confirmation from history.</summary>
internal sealed partial class OrchestrationExecution
{
    public (int Id, Task<string?> Result) ScheduleActivity(string name, string? input) =>
        Schedule(id => new TaskScheduledEvent { EventId = id, Timestamp = CurrentUtcDateTime, Name = name, Input = input }, name, null);

    public (int Id, Task<string?> Result) ScheduleSubOrchestration(string name, string instanceId, string? input) =>
        Schedule(
            id => new SubOrchestrationInstanceCreatedEvent { EventId = id, Timestamp = CurrentUtcDateTime, Name = name, InstanceId = instanceId, Input = input },
            name,
            instanceId);

    public Task ScheduleTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var (_, task) = Schedule(id => new TimerCreatedEvent { EventId = id, Timestamp = CurrentUtcDateTime, FireAt = utc }, "Timer", null);
        if (!cancellationToken.CanBeCanceled)
        {
            return task;
        }

        var canceled = new TaskCompletionSource<string?>();
        var registration = cancellationToken.Register(() => canceled.TrySetCanceled(cancellationToken));
        return WhenTimerOrCanceled(task, canceled.Task, registration);
    }

    private static async Task WhenTimerOrCanceled(Task<string?> timer, Task<string?> canceled, CancellationTokenRegistration registration)
    {
        using (registration)
        {
            var winner = await Task.WhenAny(timer, canceled).ConfigureAwait(true); // orchestrator scheduler
            await winner.ConfigureAwait(true);
        }
    }

    public void SendEvent(string instanceId, string eventName, string? input)
    {
        if (Outcome is not null)
        {
            return;
        }

        var id = _sequence++;
        _pendingActions.Add(id, new EventSentEvent { EventId = id, Timestamp = CurrentUtcDateTime, InstanceId = instanceId, Name = eventName, Input = input });
    }

    public Task<string?> WaitForEvent(string name, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _buffered.Count; i++)
        {
            if (string.Equals(_buffered[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                var input = _buffered[i].Input;
                _buffered.RemoveAt(i);
                return Task.FromResult(input);
            }
        }

        var completion = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(name, out var list))
        {
            _waiters[name] = list = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = list.AddLast(completion);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    list.Remove(node);
                }

                completion.TrySetCanceled(cancellationToken);
            });
        }

        return completion.Task;
    }

    public void SetCustomStatus(string? status) => CustomStatus = status;

    public void ContinueAsNew(string? input, bool preserveUnprocessedEvents) => _continueAsNew = (input, preserveUnprocessedEvents);

    public Guid NewGuid()
    {
        var name = string.Concat(InstanceId, "_", CurrentUtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture), "_", _newGuidCounter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _newGuidCounter++;
        return DeterministicGuid.Create(DeterministicGuid.DurableNamespace, name);
    }

    private (int Id, Task<string?> Result) Schedule(Func<int, HistoryEvent> action, string name, string? childInstanceId)
    {
        var id = _sequence++;
        var completion = new TaskCompletionSource<string?>();
        if (Outcome is null)
        {
            _pendingActions.Add(id, action(id));
            _openTasks.Add(id, new OpenTask(completion, name, childInstanceId));
        }

        return (id, completion.Task);
    }

    /// <summary>A history event produced by an action: the code must have issued the same action with the same number.</summary>
    private void Confirm(HistoryEvent recorded)
    {
        if (!_pendingActions.Remove(recorded.EventId, out var issued))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestrator '{Name}' (instance '{InstanceId}'): the history has {Describe(recorded)} as action #{recorded.EventId}, " +
                "but during replay the orchestrator code did not issue that action. Orchestrator code must issue the same actions in the same order on every replay.");
        }

        if (!SameAction(issued, recorded))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestrator '{Name}' (instance '{InstanceId}'): the history has {Describe(recorded)} as action #{recorded.EventId}, " +
                $"but during replay the orchestrator code issued {Describe(issued)}. Orchestrator code must issue the same actions in the same order on every replay.");
        }
    }

    private static bool SameAction(HistoryEvent issued, HistoryEvent recorded) => (issued, recorded) switch
    {
        (TaskScheduledEvent a, TaskScheduledEvent b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase),
        (TimerCreatedEvent, TimerCreatedEvent) => true,
        (SubOrchestrationInstanceCreatedEvent a, SubOrchestrationInstanceCreatedEvent b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase),
        (EventSentEvent a, EventSentEvent b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) && a.InstanceId == b.InstanceId,
        _ => false,
    };

    internal static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduledEvent t => $"a call to activity '{t.Name}' (TaskScheduled)",
        TimerCreatedEvent t => $"a durable timer firing at {t.FireAt:o} (TimerCreated)",
        SubOrchestrationInstanceCreatedEvent s => $"a call to sub-orchestrator '{s.Name}' (SubOrchestrationInstanceCreated)",
        EventSentEvent s => $"an event '{s.Name}' sent to instance '{s.InstanceId}' (EventSent)",
        _ => e.GetType().Name,
    };
}
