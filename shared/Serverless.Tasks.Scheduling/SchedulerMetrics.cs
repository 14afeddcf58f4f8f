namespace Serverless.Tasks.Scheduling;

/// <summary>
/// What the scheduler of this process did: firings, misfire skips and the lateness of each firing (the time its run was
/// enqueued minus its due time), for the benchmark and tests. Thread-safe; one per service provider.
/// </summary>
internal sealed class SchedulerMetrics
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _lateness = [];
    private long _fired;
    private long _skipped;

    public long Fired => Interlocked.Read(ref _fired);

    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The lateness of every firing so far, in firing order.</summary>
    public IReadOnlyList<TimeSpan> Lateness
    {
        get
        {
            lock (_lock)
            {
                return [.. _lateness];
            }
        }
    }

    public void RecordFired(TimeSpan lateness)
    {
        Interlocked.Increment(ref _fired);
        lock (_lock)
        {
            _lateness.Add(lateness);
        }
    }

    public void RecordSkipped() => Interlocked.Increment(ref _skipped);

    public void Reset()
    {
        lock (_lock)
        {
            _lateness.Clear();
            Interlocked.Exchange(ref _fired, 0);
            Interlocked.Exchange(ref _skipped, 0);
        }
    }
}
