using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>Completing what the orchestrator waits for, on its single-threaded scheduler.</summary>
internal sealed partial class OrchestrationExecution
{
    private void Deliver(HistoryEvent e)
    {
        switch (e)
        {
            case TaskCompletedEvent c when _openTasks.Remove(c.TaskScheduledId, out var open):
                _sync.Run(() => open.Completion.TrySetResult(c.Result));
                break;
            case TaskFailedEvent f when _openTasks.Remove(f.TaskScheduledId, out var open):
                _sync.Run(() => open.Completion.TrySetException(new TaskFailedException(open.Name, f.TaskScheduledId, f.FailureDetails)));
                break;
            case TimerFiredEvent t when _openTasks.Remove(t.TimerId, out var open):
                _sync.Run(() => open.Completion.TrySetResult(null));
                break;
            case SubOrchestrationInstanceCompletedEvent c when _openTasks.Remove(c.TaskScheduledId, out var open):
                _sync.Run(() => open.Completion.TrySetResult(c.Result));
                break;
            case SubOrchestrationInstanceFailedEvent f when _openTasks.Remove(f.TaskScheduledId, out var open):
                _sync.Run(() => open.Completion.TrySetException(
                    new SubOrchestrationFailedException(open.Name, f.TaskScheduledId, open.ChildInstanceId ?? string.Empty, f.FailureDetails)));
                break;
            case EventRaisedEvent raised:
                DeliverEvent(raised);
                break;
            default:
                // A completion for a task that is not open: a duplicate delivery, dropped.
                break;
        }
    }

    private void DeliverEvent(EventRaisedEvent raised)
    {
        if (_waiters.TryGetValue(raised.Name, out var list))
        {
            while (list.First is { } node)
            {
                list.RemoveFirst();
                if (!node.Value.Task.IsCompleted)
                {
                    _sync.Run(() => node.Value.TrySetResult(raised.Input));
                    return;
                }
            }
        }

        _buffered.Add(raised);
    }

    /// <summary>True when a completion message refers to a task this execution still waits for.</summary>
    private bool IsOpen(int taskId) => _openTasks.ContainsKey(taskId);
}
