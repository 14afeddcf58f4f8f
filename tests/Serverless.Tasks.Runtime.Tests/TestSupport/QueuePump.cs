using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Serverless.Tasks.Runtime.Tests.TestSupport;

/// <summary>
/// What the Functions queue trigger does for the dispatcher, reduced to what these in-process tests need: receives
/// from each lane queue (every 50 ms when empty), hands each message to <see cref="TaskDispatcher.HandleAsync"/>,
/// deletes it when that returns and gives it back (visible after 1 s) when it throws. Messages stay invisible for a minute, without renewal: the
/// tests' runs are short. The end-to-end tests run the dispatcher under the real trigger through the local host.
/// </summary>
internal sealed class QueuePump(TaskDispatcher dispatcher, IReadOnlyList<QueueClient> queues, int maxConcurrentRuns) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _invocations = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly SemaphoreSlim _free = new(maxConcurrentRuns, maxConcurrentRuns);
    private Task? _loop;

    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Receives no more; running invocations get <paramref name="grace"/>, then their token fires (the host stopping).</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        var all = Task.WhenAll(_running.Keys);
        if (await Task.WhenAny(all, Task.Delay(grace)) != all)
        {
            await _invocations.CancelAsync();
            await all.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var any = false;
            foreach (var queue in queues)
            {
                if (!await _free.WaitAsync(TimeSpan.FromMilliseconds(50)))
                {
                    break;
                }

                QueueMessage[] received;
                try
                {
                    received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1), _stop.Token)).Value;
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    received = [];
                }
                catch (OperationCanceledException)
                {
                    _free.Release();
                    return;
                }

                if (received.Length == 0)
                {
                    _free.Release();
                    continue;
                }

                any = true;
                Invoke(queue, received[0]);
                break;
            }

            if (!any)
            {
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Invoke(QueueClient queue, QueueMessage message)
    {
        var work = Task.Run(async () =>
        {
            try
            {
                await dispatcher.HandleAsync(new TaskQueueMessage(queue.Name, message.MessageId, message.MessageText, message.DequeueCount), _invocations.Token);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            }
            catch (Exception)
            {
                // Given back: it shows again after a second (the trigger's visibilityTimeout, test-sized).
                await GiveBackAsync(queue, message);
            }
            finally
            {
                _free.Release();
            }
        });
        _running[work] = 0;
        _ = work.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    private static async Task GiveBackAsync(QueueClient queue, QueueMessage message)
    {
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(1));
        }
        catch (Exception)
        {
            // Deleted meanwhile, or storage down: it shows again when its visibility lapses.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(1));
        _stop.Dispose();
        _invocations.Dispose();
    }
}
