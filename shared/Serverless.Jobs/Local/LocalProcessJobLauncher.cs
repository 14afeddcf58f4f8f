using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Serverless.Jobs.Local;

/// <summary>
/// Runs jobs as child processes of the app's own binary (or a configured one), one per rank, within the machine's
/// CPU and memory; enforces the timeout and kills whole process trees on cancel, timeout or shutdown.
/// </summary>
internal sealed partial class LocalProcessJobLauncher : IJobLauncher, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, LocalRun> _runs = new(StringComparer.Ordinal);
    private readonly JobStore _store;
    private readonly JobStorageSettings _storage;
    private readonly JobsOptions _options;
    private readonly LocalJobsOptions _local;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<JobExecutable> _executable;

    public LocalProcessJobLauncher(
        JobStore store,
        JobStorageSettings storage,
        IOptions<JobsOptions> options,
        TimeProvider time,
        ILogger<LocalProcessJobLauncher> logger)
    {
        _store = store;
        _storage = storage;
        _options = options.Value;
        _local = _options.Local;
        _time = time;
        _logger = logger;
        _executable = new Lazy<JobExecutable>(() => JobExecutable.Resolve(_local));
        Gate = new ResourceGate(
            _local.MaxCpus ?? Environment.ProcessorCount,
            _local.MaxMemoryGiB ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30));
    }

    internal ResourceGate Gate { get; }

    /// <summary>Raised when a rank's process starts: job id, rank, process id.</summary>
    internal event Action<string, int, int>? ProcessStarted;

    public async Task StartAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var record = new JobRunRecord(request, nameof(JobLauncherKind.Local), _time.GetUtcNow());
        if (!await _store.TryCreateRunAsync(record, cancellationToken).ConfigureAwait(false))
        {
            Log.JobAlreadyStarted(_logger, request.JobId);
            return;
        }

        var run = new LocalRun(record);
        _runs[request.JobId] = run;
        Log.JobAccepted(_logger, request.JobId, request.TaskName, request.Ranks, request.Cpus, request.MemoryGiB);
        run.Worker = Task.Run(() => RunAsync(run), CancellationToken.None);
    }

    public async Task<JobResult> WaitAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (_runs.TryGetValue(jobId, out var run))
        {
            return await run.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await StoreWaiter.WaitAsync(_store, jobId, _time, _options.PollInterval, ProbeOrphanedRun, ending: null, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (_runs.TryGetValue(jobId, out var run))
        {
            run.Cancel("it was cancelled");
            await run.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var record = await ReadRunAsync(jobId, cancellationToken).ConfigureAwait(false);
        KillOrphans(record with { Processes = await KnownProcessesAsync(record, cancellationToken).ConfigureAwait(false) });
        await _store.CompleteAsync(JobResult.Failed(jobId, new JobFailure(JobFailureKind.Cancelled,
            $"Job '{jobId}' task '{record.Request.TaskName}' was cancelled.")), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills every running job (no orphans outlive the host) and records them as cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        var runs = _runs.Values.ToArray();
        foreach (var run in runs)
        {
            run.Cancel("the launcher stopped (host shutdown) while it ran");
        }

        await Task.WhenAll(runs.Select(r => r.Completion.Task)).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A run this launcher does not follow (started before a restart) that is past its timeout has timed out.</summary>
    private Task<JobResult?> ProbeOrphanedRun(JobRunRecord run, CancellationToken cancellationToken)
    {
        var deadline = run.AcceptedAt + run.Request.EffectiveTimeout;
        return Task.FromResult(_time.GetUtcNow() < deadline
            ? null
            : JobResult.Failed(run.Request.JobId, new JobFailure(JobFailureKind.TimedOut,
                $"Job '{run.Request.JobId}' task '{run.Request.TaskName}' wrote no result within its timeout of " +
                $"{run.Request.EffectiveTimeout} (its launcher restarted while it ran).")));
    }

    private sealed class LocalRun(JobRunRecord record)
    {
        private readonly CancellationTokenSource _cancellation = new();

        public JobRunRecord Record { get; } = record;

        public JobRequest Request => Record.Request;

        public TaskCompletionSource<JobResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task? Worker { get; set; }

        public CancellationToken Token => _cancellation.Token;

        public string? CancelReason { get; private set; }

        public void Cancel(string reason)
        {
            CancelReason ??= reason;
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
        }
    }
}
