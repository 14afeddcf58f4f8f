using Serverless.Host.Timers.Scheduling;
using Serverless.Host.Timers.Storage;
using Serverless.Worker;

namespace Serverless.Host.Timers.Tests.TestSupport;

/// <summary>A schedule monitor in memory, counting writes.</summary>
internal sealed class InMemoryScheduleMonitor : IScheduleMonitor
{
    private readonly Lock _gate = new();
    private ScheduleStatus? _status;

    public InMemoryScheduleMonitor(ScheduleStatus? initial = null) => _status = initial;

    public int Writes { get; private set; }

    /// <summary>When set, reading fails as a damaged status blob does.</summary>
    public bool Damaged { get; set; }

    public ScheduleStatus? Current
    {
        get
        {
            lock (_gate)
            {
                return _status is null ? null : ScheduleStatusCheck.Copy(_status);
            }
        }
    }

    public Task<ScheduleStatus?> GetStatusAsync(string timerName, CancellationToken cancellationToken) =>
        Damaged ? Task.FromException<ScheduleStatus?>(new FormatException("Timer status blob 'x' is not a valid schedule status.")) : Task.FromResult(Current);

    public Task UpdateStatusAsync(string timerName, ScheduleStatus status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _status = ScheduleStatusCheck.Copy(status);
            Writes++;
        }

        return Task.CompletedTask;
    }
}

/// <summary>A listener lock in memory: the test decides whether it is free and can take a held lease away.</summary>
internal sealed class InMemoryListenerLock : IListenerLock
{
    public bool Available { get; set; } = true;

    public int Attempts { get; private set; }

    public Lease? Current { get; private set; }

    public Task<IListenerLease?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        Attempts++;
        if (!Available)
        {
            return Task.FromResult<IListenerLease?>(null);
        }

        Available = false;
        Current = new Lease(this);
        return Task.FromResult<IListenerLease?>(Current);
    }

    internal sealed class Lease(InMemoryListenerLock owner) : IListenerLease
    {
        private readonly CancellationTokenSource _lost = new();

        public CancellationToken Lost => _lost.Token;

        public bool IsHeld => !_lost.IsCancellationRequested;

        public bool Released { get; private set; }

        /// <summary>Another host took the lease: the holder must stop firing.</summary>
        public void TakeAway() => _lost.Cancel();

        public ValueTask DisposeAsync()
        {
            if (!_lost.IsCancellationRequested)
            {
                Released = true;
                owner.Available = true;
            }

            return ValueTask.CompletedTask;
        }
    }
}
