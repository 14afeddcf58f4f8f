using Microsoft.Extensions.Logging;
using Serverless.Host.Indexing;
using Serverless.Host.Invocation;
using Serverless.Host.Listeners;
using Serverless.Host.Timers.Storage;
using Serverless.Worker;

namespace Serverless.Host.Timers.Listener;

/// <summary>
/// Runs one timer function's schedule on the host that holds its listener lock: takes the lock (or polls for it),
/// checks the stored status for a missed occurrence (run once, past due), runs on startup when asked, then waits for
/// each occurrence with the TimeProvider and invokes the function. Stop ends the waiting, lets a running invocation
/// finish (until the stop token fires, then cancels it), writes the status and releases the lock.
/// </summary>
internal sealed partial class TimerListener : IListener
{
    private readonly TimerListenerSettings _settings;
    private readonly FunctionDescriptor _function;
    private readonly IFunctionExecutor _executor;
    private readonly IScheduleMonitor? _monitor;
    private readonly IListenerLock _lock;
    private readonly TimersOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborting = new();
    private Task _loop = Task.CompletedTask;
    private bool _scheduleStarted;
    private bool _disposed;

    public TimerListener(
        TimerListenerSettings settings,
        FunctionDescriptor function,
        IFunctionExecutor executor,
        IScheduleMonitor? monitor,
        IListenerLock listenerLock,
        TimersOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _settings = settings;
        _function = function;
        _executor = executor;
        _monitor = settings.UseMonitor ? monitor : null;
        _lock = listenerLock;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The status the schedule runs from: Next is the occurrence being waited for.</summary>
    internal ScheduleStatus? Status { get; private set; }

    /// <summary>The occurrence the listener waits for right now (null while not waiting): lets tests move a fake clock to it.</summary>
    internal DateTime? WaitingFor { get; private set; }

    /// <summary>True while this host holds the listener lock.</summary>
    internal bool HoldsLock { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var abort = cancellationToken.Register(() => _aborting.Cancel());
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _aborting.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _aborting.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var lease = await AcquireAsync(stopping).ConfigureAwait(false);
                if (lease is null)
                {
                    return;
                }

                await using (lease.ConfigureAwait(false))
                {
                    HoldsLock = true;
                    Log.LockAcquired(_logger, _settings.LogName);
                    using var running = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease.Lost);
                    try
                    {
                        await RunScheduleAsync(lease, running.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (running.IsCancellationRequested || !lease.IsHeld)
                    {
                        // Stopping, or the lease was lost: in both cases this host stops firing.
                    }
                    finally
                    {
                        HoldsLock = false;
                        WaitingFor = null;
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Storage unreachable, a bad status blob ...: log and try again, the schedule must not die.
                Log.ListenerError(_logger, _settings.LogName, ex);
                await DelayQuietlyAsync(_options.ListenerLockRecoveryPollingInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The lease, once this host gets it; null when stopping first.</summary>
    private async Task<IListenerLease?> AcquireAsync(CancellationToken stopping)
    {
        var logged = false;
        while (!stopping.IsCancellationRequested)
        {
            var lease = await _lock.TryAcquireAsync(stopping).ConfigureAwait(false);
            if (lease is not null)
            {
                return lease;
            }

            if (!logged)
            {
                Log.LockHeldElsewhere(_logger, _settings.LogName, _options.ListenerLockRecoveryPollingInterval);
                logged = true;
            }

            await DelayQuietlyAsync(_options.ListenerLockRecoveryPollingInterval, stopping).ConfigureAwait(false);
        }

        return null;
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private DateTime UtcNow() => _time.GetUtcNow().UtcDateTime;
}
