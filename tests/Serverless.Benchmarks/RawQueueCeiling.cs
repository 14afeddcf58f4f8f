using System.Diagnostics;
using Azure.Storage.Queues;

namespace Serverless.Benchmarks;

/// <summary>
/// What the storage SDK alone gets out of Azurite: two receivers, each receive(32) then the batch's deletes at once
/// (and, like for like with the Burst function, one output message sent per message before its delete).
/// </summary>
internal static class RawQueueCeiling
{
    private const int Receivers = 2;

    /// <summary>Pre-enqueues <paramref name="count"/> messages into a queue of its own and returns the drain rate in msg/s.</summary>
    public static async Task<double> MeasureAsync(string connectionString, int count, bool withOutput, CancellationToken cancellationToken)
    {
        var name = "raw" + Guid.NewGuid().ToString("N")[..12];
        var queue = new QueueClient(connectionString, name);
        var output = new QueueClient(connectionString, name + "-out");
        await queue.CreateAsync(cancellationToken: cancellationToken);
        await output.CreateAsync(cancellationToken: cancellationToken);
        await EnqueueAsync(queue, count, cancellationToken);
        var consumed = 0;
        var clock = Stopwatch.StartNew();
        await using (new OutputCleaner(output))
        {
            await Task.WhenAll(Enumerable.Range(0, Receivers).Select(_ => Task.Run(async () =>
            {
                while (Volatile.Read(ref consumed) < count)
                {
                    var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
                    await Task.WhenAll(batch.Select(async m =>
                    {
                        if (withOutput)
                        {
                            await output.SendMessageAsync(m.Body, cancellationToken: cancellationToken);
                        }

                        await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken);
                    }));
                    Interlocked.Add(ref consumed, batch.Length);
                }
            }, cancellationToken)));
        }

        var rate = count / clock.Elapsed.TotalSeconds;
        await queue.DeleteAsync(CancellationToken.None);
        await output.DeleteAsync(CancellationToken.None);
        return rate;
    }

    /// <summary>Sends <paramref name="count"/> small messages, 16 at a time.</summary>
    public static Task EnqueueAsync(QueueClient queue, int count, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, token) => await queue.SendMessageAsync($"message-{i}", token));
}

/// <summary>
/// Clears an output queue every 200 ms while a measure runs. Azurite 3.37's receive slows with every message it
/// stores in any queue (2,000 idle messages elsewhere cut receive + delete from ~160 to ~30 msg/s here), so outputs
/// left to pile up would slow the side that writes them; the queues each measure reads stay as they are.
/// </summary>
internal sealed class OutputCleaner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public OutputCleaner(QueueClient output) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            await output.ClearMessagesAsync(CancellationToken.None);
            try
            {
                await Task.Delay(200, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
