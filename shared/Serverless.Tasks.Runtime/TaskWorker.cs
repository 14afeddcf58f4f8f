using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// Runs task runs from the namespace queues: whenever it has free capacity (<see cref="TasksOptions.MaxConcurrentRuns"/>)
/// it receives from the highest-priority non-empty queue, then, only when those are empty and the host is idle
/// (<see cref="IHostCapacity"/>), from the idle queue of opportunistic runs. Empty polls back off from 100 ms to
/// <see cref="TasksOptions.MaxPollingInterval"/>. Each message is handled by the rules of the run record (claim,
/// duplicate, redelivery, retries, failure handling); see the project README for the state machine.
/// On stop it receives no more, lets running runs finish until the host's shutdown token fires, then cancels their
/// tokens and leaves their messages (they come back: at-least-once reruns, at-most-once fails as interrupted).
/// </summary>
internal sealed partial class TaskWorker(
    TaskCatalog catalog,
    TaskStorage storage,
    TaskRunStore store,
    TaskStorageInitializer initializer,
    TaskClient client,
    ConcurrencySlots slots,
    IHostCapacity capacity,
    LocalRuns localRuns,
    WorkerWakeup wakeup,
    IOptions<TasksOptions> options,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly ILogger _logger = loggerFactory.CreateLogger<TaskWorker>();
    private readonly TasksOptions _options = options.Value;
    private readonly SemaphoreSlim _free = new(options.Value.MaxConcurrentRuns, options.Value.MaxConcurrentRuns);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>This host's name in run records: machine, process id and a per-worker suffix.</summary>
    public string HostId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Runs executing now on this worker.</summary>
    public int RunningCount => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await EnsureCreatedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        var queues = BuildQueues();
        Log.WorkerStarted(_logger, HostId, queues.Normal.Count, _options.MaxConcurrentRuns);
        var wait = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _free.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var woken = wakeup.Next;
            var free = 1;
            while (free < 32 && _free.Wait(0))
            {
                free++;
            }

            IReadOnlyList<MessageHandle> received;
            try
            {
                received = await ReceiveAsync(queues, free, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                _free.Release(free);
                break;
            }
            catch (Exception e)
            {
                // Never let a storage failure end the worker (the host would stop): keep the permits, back off, poll again.
                Log.ReceiveFailed(_logger, e, "(all)");
                received = [];
            }

            if (free > received.Count)
            {
                _free.Release(free - received.Count);
            }

            foreach (var message in received)
            {
                Start(message);
            }

            if (received.Count > 0)
            {
                wait = MinPollingInterval;
                continue;
            }

            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var delay = Task.Delay(wait, time, waiting.Token);
                await Task.WhenAny(delay, woken).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                wait = woken.IsCompleted ? MinPollingInterval : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.MaxPollingInterval.Ticks));
            }
        }
    }

    /// <summary>Creates the queues, retrying with back-off while storage fails; false when stopped first.</summary>
    private async Task<bool> EnsureCreatedAsync(CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await initializer.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                Log.ReceiveFailed(_logger, e, "(creating the queues)");
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var all = Task.WhenAll(_running.Keys);
        try
        {
            await all.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown time is up: cancel the runs' tokens; their messages stay and come back.
            await _shutdown.CancelAsync().ConfigureAwait(false);
            try
            {
                await all.WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Log.RunsIgnoredShutdown(_logger, _running.Count);
            }
        }
    }

    public override void Dispose()
    {
        _shutdown.Dispose();
        _free.Dispose();
        base.Dispose();
    }

    private void Start(MessageHandle message)
    {
        var work = Task.Run(() => HandleAsync(message));
        _running[work] = 0;
        _ = work.ContinueWith(t =>
        {
            _running.TryRemove(t, out _);
            message.Dispose();
            try
            {
                _free.Release();
            }
            catch (ObjectDisposedException)
            {
                // The worker was disposed while this run ended.
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task HandleAsync(MessageHandle message)
    {
        try
        {
            await ProcessAsync(message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            Log.MessageLeftAtShutdown(_logger, message.Queue.Name, message.MessageId);
        }
        catch (Exception e)
        {
            // The message stays: it shows again after its visibility lapses and the record says how far it got.
            Log.MessageFailed(_logger, e, message.Queue.Name, message.MessageId);
            await HandlingFailedAsync(message, e).ConfigureAwait(false);
        }
    }

    /// <summary>How many times handling a message may throw before it is moved to the dead-letter queue.</summary>
    internal int MaxHandlingFailures { get; set; } = 10;

    /// <summary>How long a message whose handling threw stays hidden; null: the visibility timeout.</summary>
    internal TimeSpan? HandlingFailureDelay { get; set; }

    /// <summary>
    /// Counts the failure in the message itself (so every host sees it; a failure to write it, storage being down, is
    /// not counted) and hides it for the visibility timeout; at <see cref="MaxHandlingFailures"/> the message is
    /// poisoned and the run, when its record can still be written, dead-lettered.
    /// </summary>
    private async Task HandlingFailedAsync(MessageHandle message, Exception exception)
    {
        var none = CancellationToken.None;
        try
        {
            if (TaskMessage.TryParse(message.Text) is not { } parsed)
            {
                return;
            }

            var failures = (parsed.Failures ?? 0) + 1;
            if (failures < MaxHandlingFailures)
            {
                await message.UpdateAsync((parsed with { Failures = failures }).ToJson(), HandlingFailureDelay ?? _options.VisibilityTimeout, none).ConfigureAwait(false);
                return;
            }

            var reason = $"handling the message failed {failures} times; last: {exception.GetType().Name}: {exception.Message}";
            await PoisonAsync(message, parsed.RunId, parsed.Task, reason, none).ConfigureAwait(false);
            try
            {
                await store.UpdateAsync(parsed.RunId, c => c.Run.IsFinished ? null : c with
                {
                    Run = c.Run with { Status = TaskRunStatus.DeadLettered, Reason = reason, CompletedAt = time.GetUtcNow() },
                }, none).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The record itself may be what cannot be read: the dead-letter message holds the run id and the reason.
                Log.MessageFailed(_logger, e, message.Queue.Name, message.MessageId);
            }
        }
        catch (Exception e)
        {
            Log.MessageFailed(_logger, e, message.Queue.Name, message.MessageId);
        }
    }
}
