using System.Text.Json.Nodes;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Functions.Management;

/// <summary>
/// An instance's history as the status API shows it with showHistory=true (Durable Functions' shape): scheduling events are
/// folded into their completions (FunctionName, ScheduledTime); results only with showHistoryOutput=true.
/// </summary>
internal static class HistoryPayload
{
    public static JsonArray From(IReadOnlyList<HistoryEvent> history, bool showOutput, bool showInput)
    {
        var scheduled = new Dictionary<int, (string Name, DateTime Time)>();
        var array = new JsonArray();
        foreach (var e in history)
        {
            JsonObject? item = e switch
            {
                ExecutionStartedEvent started => Item("ExecutionStarted", e, ("FunctionName", started.Name), ("Input", showInput ? StatusPayload.Json(started.Input) : null)),
                TaskScheduledEvent task => Remember(scheduled, task.EventId, task.Name, task.Timestamp),
                SubOrchestrationInstanceCreatedEvent sub => Remember(scheduled, sub.EventId, sub.Name, sub.Timestamp),
                TaskCompletedEvent done => Completion("TaskCompleted", done, scheduled, done.TaskScheduledId, ("Result", showOutput ? StatusPayload.Json(done.Result) : null)),
                TaskFailedEvent failed => Completion("TaskFailed", failed, scheduled, failed.TaskScheduledId, ("Reason", failed.FailureDetails.ErrorMessage), ("Details", failed.FailureDetails.ErrorType)),
                SubOrchestrationInstanceCompletedEvent done => Completion("SubOrchestrationInstanceCompleted", done, scheduled, done.TaskScheduledId, ("Result", showOutput ? StatusPayload.Json(done.Result) : null)),
                SubOrchestrationInstanceFailedEvent failed => Completion("SubOrchestrationInstanceFailed", failed, scheduled, failed.TaskScheduledId, ("Reason", failed.FailureDetails.ErrorMessage), ("Details", failed.FailureDetails.ErrorType)),
                TimerCreatedEvent timer => Item("TimerCreated", e, ("FireAt", StatusPayload.Time(timer.FireAt))),
                TimerFiredEvent timer => Item("TimerFired", e, ("FireAt", StatusPayload.Time(timer.FireAt)), ("TimerId", timer.TimerId)),
                EventRaisedEvent raised => Item("EventRaised", e, ("Name", raised.Name), ("Input", showInput ? StatusPayload.Json(raised.Input) : null)),
                EventSentEvent sent => Item("EventSent", e, ("InstanceId", sent.InstanceId), ("Name", sent.Name)),
                ExecutionCompletedEvent completed => Item("ExecutionCompleted", e, ("OrchestrationStatus", completed.Status.ToString()), ("Result", showOutput ? StatusPayload.Json(completed.Result) : null)),
                ExecutionTerminatedEvent terminated => Item("ExecutionTerminated", e, ("Input", StatusPayload.Json(terminated.Input))),
                ExecutionSuspendedEvent suspended => Item("ExecutionSuspended", e, ("Reason", suspended.Reason)),
                ExecutionResumedEvent resumed => Item("ExecutionResumed", e, ("Reason", resumed.Reason)),
                ContinueAsNewEvent continued => Item("ContinueAsNew", e, ("Input", showInput ? StatusPayload.Json(continued.Input) : null)),
                _ => null,
            };
            if (item is not null)
            {
                array.Add(item);
            }
        }

        return array;
    }

    private static JsonObject? Remember(Dictionary<int, (string, DateTime)> scheduled, int id, string name, DateTime time)
    {
        scheduled[id] = (name, time);
        return null;
    }

    private static JsonObject Completion(string type, HistoryEvent e, Dictionary<int, (string Name, DateTime Time)> scheduled, int id, params (string, JsonNode?)[] fields)
    {
        var item = Item(type, e, fields);
        if (scheduled.TryGetValue(id, out var task))
        {
            item["FunctionName"] = task.Name;
            item["ScheduledTime"] = StatusPayload.Time(task.Time);
        }

        return item;
    }

    private static JsonObject Item(string type, HistoryEvent e, params (string Name, JsonNode? Value)[] fields)
    {
        var item = new JsonObject { ["EventType"] = type };
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                item[name] = value;
            }
        }

        item["Timestamp"] = StatusPayload.Time(e.Timestamp);
        return item;
    }
}
