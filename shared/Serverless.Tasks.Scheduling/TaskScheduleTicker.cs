using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// Fires the due schedules, one tick at a time: the app's timer function (<c>serverless_tasks_scheduler</c>) calls
/// <see cref="FireDueAsync"/> every tick, and the Functions timer singleton makes one host the firing host. Nothing here
/// waits or polls on its own. Register it with <c>services.AddServerlessTaskScheduler()</c>.
/// </summary>
public sealed partial class TaskScheduleTicker
{
    private readonly ScheduleStore _store;
    private readonly DeclaredSchedules _declared;
    private readonly TaskCatalog _catalog;
    private readonly ITaskClient _tasks;
    private readonly SchedulerSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FiringBackOff _backOff = new();

    internal TaskScheduleTicker(ScheduleStore store, DeclaredSchedules declared, TaskCatalog catalog, ITaskClient tasks,
        SchedulerSettings settings, TimeProvider time, ILogger<TaskScheduleTicker> logger)
    {
        _store = store;
        _declared = declared;
        _catalog = catalog;
        _tasks = tasks;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Reads all schedule rows, applies this host's declared schedules to them (a write only where a row differs from
    /// the code's declaration), and fires every schedule due at or before now (the TimeProvider's): per due fire time a
    /// run enqueued with the deterministic run id <c>{scheduleId}@{dueTime:yyyyMMddTHHmmssfffZ}</c> (or a Skipped run
    /// when misfired), coalesced and jittered as the task and its trigger say, THEN the row updated ETag-checked with
    /// its next run time. A crash in between, or another host ticking at the same time, fires the same run ids again,
    /// which the task client ignores: nothing is lost or doubled. Paused, removed and finished schedules are not fired;
    /// a row whose task is not registered here or whose trigger cannot be read is logged once and skipped. A schedule
    /// whose firing fails is logged and held back for a few seconds while the others fire; storage errors reading the
    /// rows are thrown (the timer function fails, the next tick tries again).
    /// </summary>
    public async Task<ScheduleTick> FireDueAsync(CancellationToken cancellationToken)
    {
        var rows = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        if (await _declared.ReapplyAsync(rows, cancellationToken).ConfigureAwait(false))
        {
            // Declarations written (a first start, a deploy, or a host of another version wrote its own): read again.
            rows = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        _backOff.Forget(rows, now);
        var active = rows.Where(r => r.IsActive && Resolve(r) is not null).ToList();
        var due = active.Where(r => _backOff.DueAt(r) <= now).ToList();
        var tally = new Tally();
        foreach (var row in active.Except(due))
        {
            tally.Next(_backOff.DueAt(row));
        }

        await Parallel.ForEachAsync(due,
            new ParallelOptions { MaxDegreeOfParallelism = _settings.MaxParallelFirings, CancellationToken = cancellationToken },
            async (row, token) => await FireOrBackOffAsync(row, tally, token).ConfigureAwait(false)).ConfigureAwait(false);
        return new ScheduleTick(tally.Fired, tally.Skipped, tally.NextDue);
    }

    /// <summary>What the firings of one tick did; thread-safe (rows fire in parallel).</summary>
    private sealed class Tally
    {
        private readonly Lock _lock = new();
        private int _fired;
        private int _skipped;
        private DateTimeOffset? _nextDue;

        public int Fired => Volatile.Read(ref _fired);

        public int Skipped => Volatile.Read(ref _skipped);

        public DateTimeOffset? NextDue
        {
            get
            {
                lock (_lock)
                {
                    return _nextDue;
                }
            }
        }

        public void AddFired() => Interlocked.Increment(ref _fired);

        public void AddSkipped() => Interlocked.Increment(ref _skipped);

        public void Next(DateTimeOffset? dueAt)
        {
            lock (_lock)
            {
                if (dueAt is { } time && (_nextDue is null || time < _nextDue))
                {
                    _nextDue = time;
                }
            }
        }
    }
}
