namespace Serverless.Tasks.Scheduling;

/// <summary>
/// Wakes the local scheduler loop when a schedule changes through this host's client. The loop takes <see cref="Next"/>
/// before it reads the rows, so a change made while it reads is never missed.
/// </summary>
internal sealed class ScheduleChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
