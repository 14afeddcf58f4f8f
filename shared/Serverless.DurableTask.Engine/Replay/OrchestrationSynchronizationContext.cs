namespace Serverless.DurableTask.Engine.Replay;

/// <summary>
/// The single-threaded scheduler orchestrator code runs on: continuations are queued and run by <see cref="Run"/> on the
/// dispatcher's thread, one at a time, so replay is deterministic.
/// </summary>
internal sealed class OrchestrationSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Lock _gate = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            _queue.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="action"/> with this context current, then every continuation it queued.</summary>
    public void Run(Action action)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            action();
            while (TryDequeue(out var work))
            {
                work.Callback(work.State);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private bool TryDequeue(out (SendOrPostCallback Callback, object? State) work)
    {
        lock (_gate)
        {
            return _queue.TryDequeue(out work);
        }
    }
}
