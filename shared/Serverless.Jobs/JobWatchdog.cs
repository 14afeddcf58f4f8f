namespace Serverless.Jobs;

/// <summary>
/// Fires once after <c>dueTime</c> unless the work finishes first: the last resort against a job function that
/// ignores cancellation, so a job process never outlives its timeout by more than the grace period, even when its
/// launcher is gone.
/// </summary>
internal sealed class JobWatchdog : IDisposable
{
    private const int Running = 0;
    private const int Finished = 1;
    private const int Fired = 2;
    private readonly Timer? _timer;
    private readonly Func<Task> _onExpired;
    private int _state;

    public JobWatchdog(TimeSpan? dueTime, Func<Task> onExpired)
    {
        _onExpired = onExpired;
        if (dueTime is { } due)
        {
            _timer = new Timer(_ => Fire(), null, due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Marks the work finished; false when the watchdog fired first (the process is about to end).</summary>
    public bool TryFinish() => Interlocked.CompareExchange(ref _state, Finished, Running) != Fired;

    public void Dispose() => _timer?.Dispose();

    private void Fire()
    {
        if (Interlocked.CompareExchange(ref _state, Fired, Running) == Running)
        {
            _ = _onExpired();
        }
    }
}
