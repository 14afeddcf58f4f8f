namespace Serverless.Tasks.Runtime;

/// <summary>
/// Wakes this process's worker from its idle back-off when this process's client sends a run that is due now, so a
/// local enqueue starts without waiting for the next poll. Runs sent by other hosts are found by polling.
/// </summary>
internal sealed class WorkerWakeup
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>; take it before polling so a send during the poll is not missed.</summary>
    public Task Next => Volatile.Read(ref _signal).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
