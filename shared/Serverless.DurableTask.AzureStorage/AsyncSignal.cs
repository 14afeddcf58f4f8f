namespace Serverless.DurableTask.AzureStorage;

/// <summary>Wakes waiters early (for example a poller backing off on an empty queue when this process just sent to it).</summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Interlocked.Exchange(ref _current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>The task completed by the next <see cref="Set"/>; take it before the check whose failure makes you wait.</summary>
    public Task Snapshot => Volatile.Read(ref _current).Task;

    /// <summary>Waits until <paramref name="signalled"/> (a <see cref="Snapshot"/>) completes or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> WaitAsync(Task signalled, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return signalled.IsCompleted;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeProvider, cts.Token);
        var first = await Task.WhenAny(signalled, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return first == signalled;
    }
}
