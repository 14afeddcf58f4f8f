using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Serverless.Benchmarks.Tasks;

/// <summary>
/// The storage ceiling of "N runs due at every whole second": at each second N runs are written (row + message, 16 in
/// flight) and a consumer claims them (receive, read the row, mark it running: the run's start; mark it done, delete),
/// 16 in flight, with the SDK alone. Returns each run's start minus its whole second, in ms.
/// </summary>
internal static class RawBurst
{
    private const int InFlight = 16;

    /// <summary>Runs the burst; returns the lateness of the runs due from the third second to the last but one.</summary>
    public static async Task<List<double>> RunAsync(string connectionString, int perSecond, TimeSpan duration, TextWriter progress, CancellationToken cancellationToken)
    {
        var name = "burst" + Guid.NewGuid().ToString("N")[..10];
        var queue = new QueueClient(connectionString, name);
        var table = new TableClient(connectionString, name);
        await queue.CreateAsync(cancellationToken: cancellationToken);
        await table.CreateAsync(cancellationToken);
        var lateness = new List<(DateTimeOffset Due, double Milliseconds)>();
        var expected = perSecond * (int)duration.TotalSeconds;
        var done = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fetched = Channel.CreateBounded<QueueMessage>(InFlight * 2);
        var fetcher = Task.Run(async () =>
        {
            var idle = 0;
            while (!stop.IsCancellationRequested)
            {
                var batch = (await queue.ReceiveMessagesAsync(InFlight, TimeSpan.FromMinutes(5), stop.Token)).Value;
                foreach (var message in batch)
                {
                    await fetched.Writer.WriteAsync(message, stop.Token);
                }

                // The same idle back-off floor as the task worker (100 ms), reset by a message.
                idle = batch.Length > 0 ? 0 : Math.Min(idle + 1, 1);
                if (idle > 0)
                {
                    await Task.Delay(100, stop.Token);
                }
            }
        }, CancellationToken.None);
        var consumers = Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
        {
            await foreach (var message in fetched.Reader.ReadAllAsync(stop.Token))
            {
                var row = (await table.GetEntityAsync<TableEntity>(message.MessageText, "", cancellationToken: stop.Token)).Value;
                row["Status"] = "Running";
                ETag etag = (await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, stop.Token)).Headers.ETag!.Value;
                var due = new DateTimeOffset((long)row["Due"], TimeSpan.Zero);
                lock (lateness)
                {
                    lateness.Add((due, (DateTimeOffset.UtcNow - due).TotalMilliseconds));
                }

                row["Status"] = "Succeeded";
                await table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, stop.Token);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop.Token);
                if (Interlocked.Increment(ref done) == expected)
                {
                    await stop.CancelAsync();
                }
            }
        }, CancellationToken.None)).ToList();

        var now = DateTimeOffset.UtcNow;
        var second = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);
        for (var s = 0; s < (int)duration.TotalSeconds; s++, second = second.AddSeconds(1))
        {
            var wait = second - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var due = second;
            await Parallel.ForEachAsync(Enumerable.Range(0, perSecond), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var id = string.Create(CultureInfo.InvariantCulture, $"{due.Ticks}-{i:D3}");
                    await table.AddEntityAsync(new TableEntity(id, "") { ["Status"] = "Queued", ["Due"] = due.UtcTicks }, token);
                    await queue.SendMessageAsync(id, token);
                });
        }

        try
        {
            await Task.WhenAll([fetcher, .. consumers]).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // All runs started and done.
        }

        // The first two seconds warm up; the last one is the cool-down (one run of the last burst came 28 s late once,
        // an Azurite receive stall at the producer's stop): both sides of the comparison measure the same window.
        var first = lateness.Min(l => l.Due).AddSeconds(2);
        var last = lateness.Max(l => l.Due);
        foreach (var group in lateness.GroupBy(l => l.Due).OrderBy(g => g.Key))
        {
            progress.WriteLine($"  raw burst {group.Key:HH:mm:ss}: {group.Count()} runs, max {group.Max(l => l.Milliseconds):F0} ms");
        }

        return [.. lateness.Where(l => l.Due >= first && l.Due < last).Select(l => l.Milliseconds)];
    }
}
