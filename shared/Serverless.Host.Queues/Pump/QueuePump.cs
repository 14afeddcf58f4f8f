using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace Serverless.Host.Queues.Pump;

/// <summary>
/// Moves messages from one queue through one function. A fetch loop receives up to batchSize messages whenever the
/// messages held drop to newBatchThreshold, backing off exponentially while the queue is empty; a dispatch loop starts
/// fetched messages with at most batchSize running. Competing hosts share the queue through visibility alone.
/// </summary>
internal sealed partial class QueuePump(
    IMessageQueue queue,
    QueuePumpSettings settings,
    MessageHandler handler,
    TimeProvider time,
    ILogger logger,
    string functionName,
    Func<double>? random = null) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Channel<HeldMessage> _fetched = Channel.CreateUnbounded<HeldMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _slots = new(settings.BatchSize, settings.BatchSize);
    private readonly SemaphoreSlim _capacityFreed = new(0);
    private readonly ConcurrentDictionary<HeldMessage, Task> _running = new();
    private Task _fetchLoop = Task.CompletedTask;
    private Task _dispatchLoop = Task.CompletedTask;
    private int _held;
    private int _stopped;

    /// <summary>Messages fetched and not yet finished (running or waiting).</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Creates the queue if missing (as Functions does) and starts polling.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _fetchLoop = Task.Run(FetchLoopAsync, CancellationToken.None);
        _dispatchLoop = Task.Run(DispatchLoopAsync, CancellationToken.None);
        Log.ListenerStarted(logger, functionName, queue.Name, settings.BatchSize, settings.NewBatchThreshold);
    }

    private async Task FetchLoopAsync()
    {
        var backoff = new PollingBackoff(settings.MaxPollingInterval, random);
        var stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                while (Held > settings.NewBatchThreshold)
                {
                    await _capacityFreed.WaitAsync(stopping).ConfigureAwait(false);
                }

                IReadOnlyList<QueueMessage> messages;
                try
                {
                    // A receive is never cancelled by the drain (only by the hard stop): messages it took must be held.
                    messages = await queue.ReceiveAsync(settings.BatchSize, settings.FetchVisibilityTimeout, _abort.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ReceiveFailed(logger, queue.Name, functionName, ex);
                    messages = [];
                }

                if (messages.Count == 0)
                {
                    await Task.Delay(backoff.NextDelay(), time, stopping).ConfigureAwait(false);
                    continue;
                }

                backoff.Reset();
                foreach (var message in messages)
                {
                    Interlocked.Increment(ref _held);
                    var held = new HeldMessage(message, queue, settings, time, logger, functionName);
                    held.StartRenewal();
                    _fetched.Writer.TryWrite(held);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task DispatchLoopAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (await _fetched.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                // The slot first: a message is taken from the channel only when it can start, so on stop every
                // message still in the channel is one that never started.
                await _slots.WaitAsync(stopping).ConfigureAwait(false);
                if (!_fetched.Reader.TryRead(out var held))
                {
                    _slots.Release();
                    continue;
                }

                // Registered before it starts, so its own removal at the end always finds it.
                var run = new Task<Task>(() => RunAsync(held));
                _running[held] = run.Unwrap();
                run.Start(TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task RunAsync(HeldMessage held)
    {
        try
        {
            MessageResult result;
            if (held.Message.DequeueCount > settings.MaxDequeueCount)
            {
                // Delivered more often than allowed without a recorded outcome (a host died while running it).
                result = new MessageResult(MessageOutcome.Poison, $"dequeue count {held.Message.DequeueCount} exceeds maxDequeueCount {settings.MaxDequeueCount}");
            }
            else
            {
                try
                {
                    result = await handler(held.Message, _abort.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    result = _abort.IsCancellationRequested
                        ? new MessageResult(MessageOutcome.Released)
                        : new MessageResult(MessageOutcome.Failed, ex.Message);
                }
            }

            await CompleteAsync(held, result).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(held, out _);
            _slots.Release();
            Finished();
        }
    }

    private void Finished()
    {
        Interlocked.Decrement(ref _held);

        // A wake-up signal, not a count: the fetch loop re-checks Held after each wake-up, so one pending signal is
        // enough, and the count stays bounded however long the loop goes without waiting.
        if (_capacityFreed.CurrentCount == 0)
        {
            _capacityFreed.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposal without a drain: anything still running is cancelled at once (a no-op after StopAsync).
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _stopping.Dispose();
        _abort.Dispose();
        _slots.Dispose();
        _capacityFreed.Dispose();
    }
}
