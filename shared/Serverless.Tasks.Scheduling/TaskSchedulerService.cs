using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Storage.Leases;
using Serverless.Tasks.Runtime;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// Fires the schedules on one host at a time. Every host runs it (when <see cref="TasksOptions.SchedulerEnabled"/>);
/// the host holding the blob lease <c>{Container}/scheduler</c> (15 s, renewed every 5 s) fires, the others try to take
/// the lease every 5 s. The firing host reads all rows every <see cref="TasksOptions.ScheduleRefreshInterval"/> (and at
/// once after a change through its own <see cref="ITaskScheduleClient"/>), waits on the TimeProvider until the earliest
/// next run time, and fires each due schedule: runs enqueued first (deterministic run ids), then the row updated
/// (ETag-checked), so a crash in between neither loses nor doubles a firing. Stopping releases the lease.
/// </summary>
internal sealed partial class TaskSchedulerService : BackgroundService
{
    private readonly ScheduleStore _store;
    private readonly DeclaredSchedules _declared;
    private readonly TaskCatalog _catalog;
    private readonly ITaskClient _tasks;
    private readonly ScheduleChangeSignal _signal;
    private readonly SchedulerMetrics _metrics;
    private readonly SchedulerLeaseBlob _leaseBlob;
    private readonly TasksOptions _options;
    private readonly SchedulerSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, TaskTrigger?> _triggers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedInvalid = new(StringComparer.Ordinal);
    private volatile bool _isLeader;
    private long _waitingUntilTicks = -1;

    public TaskSchedulerService(
        ScheduleStore store,
        DeclaredSchedules declared,
        TaskCatalog catalog,
        ITaskClient tasks,
        TaskStorage storage,
        ScheduleChangeSignal signal,
        SchedulerMetrics metrics,
        IOptions<TasksOptions> options,
        SchedulerSettings settings,
        TimeProvider time,
        ILogger<TaskSchedulerService> logger)
    {
        _store = store;
        _declared = declared;
        _catalog = catalog;
        _tasks = tasks;
        _signal = signal;
        _metrics = metrics;
        _options = options.Value;
        _settings = settings;
        _time = time;
        _logger = logger;
        _leaseBlob = new SchedulerLeaseBlob(storage.Blobs.GetBlobContainerClient(storage.Names.Container), settings, logger);
    }

    /// <summary>True while this host holds the scheduler lease.</summary>
    internal bool IsLeader => _isLeader;

    /// <summary>The time the leader waits for right now (null while not waiting): tests move a fake clock to it.</summary>
    internal DateTimeOffset? WaitingUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _waitingUntilTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>False to stop without releasing the lease, as a crashed host would (tests of the takeover).</summary>
    internal bool ReleaseLeaseOnStop { get; set; } = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _declared.EnsureUpsertedAsync(stoppingToken).ConfigureAwait(false);
                var lease = await AcquireAsync(stoppingToken).ConfigureAwait(false);
                if (lease is null)
                {
                    return;
                }

                await LeadAsync(lease, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Storage unreachable, a table gone ...: log and try again, the schedules must not die with the host running.
                Log.SchedulerError(_logger, _settings.ErrorDelay, ex);
                await DelayQuietlyAsync(_settings.ErrorDelay, _settings.LeaseClock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task LeadAsync(RenewedBlobLease lease, CancellationToken stoppingToken)
    {
        try
        {
            _isLeader = true;
            Log.LeaderAcquired(_logger, _settings.HostName, _leaseBlob.Name);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
            try
            {
                await FireLoopAsync(lease, leading.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                // Stopping, or the lease was lost: this host stops firing either way.
            }
        }
        finally
        {
            _isLeader = false;
            Interlocked.Exchange(ref _waitingUntilTicks, -1);
            await lease.StopAsync(release: ReleaseLeaseOnStop || !stoppingToken.IsCancellationRequested).ConfigureAwait(false);
            await lease.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The lease once this host gets it; null when stopping first.</summary>
    private async Task<RenewedBlobLease?> AcquireAsync(CancellationToken stoppingToken)
    {
        var logged = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var lease = await _leaseBlob.TryAcquireAsync(stoppingToken).ConfigureAwait(false);
            if (lease is not null)
            {
                return lease;
            }

            if (!logged)
            {
                Log.LeaderElsewhere(_logger, _leaseBlob.Name, _settings.AcquireInterval);
                logged = true;
            }

            await DelayQuietlyAsync(_settings.AcquireInterval, _settings.LeaseClock, stoppingToken).ConfigureAwait(false);
        }

        return null;
    }

    private static async Task DelayQuietlyAsync(TimeSpan delay, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
