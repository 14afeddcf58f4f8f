using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Tasks;

namespace Serverless.Benchmarks.Tasks;

/// <summary>
/// Enqueued no-op tasks through a real host, against the raw Azure SDK on the same Azurite in the same run. The raw
/// ceiling does the storage operations a task run cannot do without (insert the run row and send its message; receive,
/// read the row, mark it running, mark it succeeded, delete the message), 16 in flight, with no runtime around them.
/// Throughput: N runs enqueued while no worker runs, then a host started; first start to last start. Latency: a steady
/// stream enqueued through the host's ITaskClient, each run stamped just before its enqueue, measured at the task's start.
/// </summary>
internal sealed class TaskQueueBenchmark : IBenchmark
{
    private const int InFlight = 16;

    public string Name => "tasks-queue";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var count = context.Quick ? 300 : 1000;
        var (rawRates, taskRates) = (new List<double>(), new List<double>());
        for (var round = 0; round < 2; round++)
        {
            rawRates.Add(await RawAsync(context.StorageConnectionString, count, cancellationToken));
            taskRates.Add(await ThroughputAsync(context, count, cancellationToken));
            context.Progress.WriteLine($"round {round + 1}: raw {rawRates[^1]:F0} runs/s, tasks {taskRates[^1]:F0} runs/s");
        }

        var rows = new List<BenchmarkRow>
        {
            new(Name, $"raw SDK: a run's storage operations ({count} runs, {InFlight} in flight, best of 2)", rawRates.Max(), "runs/s"),
            new(Name, $"no-op task throughput ({count} runs queued, best of 2)", taskRates.Max(), "runs/s", rawRates.Max(), ">= 0.7 of raw"),
        };

        var rate = Math.Clamp(taskRates.Max() / 4, 10, 100);
        var latencies = await LatencyAsync(context, rate, TimeSpan.FromSeconds(context.Quick ? 5 : 10), cancellationToken);
        context.Progress.WriteLine($"latency: {latencies.Count} runs at {rate:F0}/s");
        rows.Add(new(Name, $"enqueue to task start p50 (steady {rate:F0} runs/s)", Statistics.Percentile(latencies, 50), "ms", Target: "< 100 ms"));
        rows.Add(new(Name, $"enqueue to task start p99 (steady {rate:F0} runs/s)", Statistics.Percentile(latencies, 99), "ms"));
        return rows;
    }

    private static async Task<double> ThroughputAsync(BenchmarkContext context, int count, CancellationToken cancellationToken)
    {
        var prefix = TaskBench.UniquePrefix();
        var probe = new TaskProbe(count);
        var registry = TaskBench.NoOpRegistry("noop", probe);
        await using (var clientOnly = TaskBench.ClientOnly(context.StorageConnectionString, prefix, registry))
        {
            var client = clientOnly.GetRequiredService<ITaskClient>();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) < count)
                {
                    await client.EnqueueAsync("noop", new StampParams(), cancellationToken: cancellationToken);
                }
            }));
        }

        await using var host = await StartHostAsync(context, prefix, registry);
        await probe.Done.Task.WaitAsync(TimeSpan.FromMinutes(3), cancellationToken);
        var starts = probe.Starts.Order().ToList();
        return (count - 1) / Stopwatch.GetElapsedTime(starts[0], starts[^1]).TotalSeconds;
    }

    private static async Task<List<double>> LatencyAsync(BenchmarkContext context, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var probe = new TaskProbe(total);
        await using var host = await StartHostAsync(context, TaskBench.UniquePrefix(), TaskBench.NoOpRegistry("noop", probe));
        var client = host.Services.GetRequiredService<ITaskClient>();
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }

                await client.EnqueueAsync("noop", new StampParams(Stopwatch.GetTimestamp()), cancellationToken: cancellationToken);
            }
        }));
        await probe.Done.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);

        // The first second warms the worker up (JIT, first polls); it is left out.
        var warm = started + Stopwatch.Frequency;
        return [.. probe.Latencies.Where(l => l.Stamp >= warm).Select(l => l.Milliseconds)];
    }

    private static Task<TestFunctionHost> StartHostAsync(BenchmarkContext context, string prefix, TaskRegistry registry) =>
        TestFunctionHost.StartAsync(context.StorageConnectionString, [typeof(TaskProbe)], new Dictionary<string, string?>
        {
            [TaskBench.ScanSetting] = "false",
            ["AzureFunctionsJobHost:extensions:tasks:storagePrefix"] = prefix,
            ["AzureFunctionsJobHost:extensions:tasks:maxConcurrentRuns"] = "32",
        }, services => services.AddTaskRegistry(registry));

    /// <summary>The ceiling: each run's unavoidable storage operations with the SDK alone, 16 runs in flight.</summary>
    private static async Task<double> RawAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        var name = "raw" + Guid.NewGuid().ToString("N")[..10];
        var queue = new QueueClient(connectionString, name);
        var table = new TableClient(connectionString, name);
        await queue.CreateAsync(cancellationToken: cancellationToken);
        await table.CreateAsync(cancellationToken);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var id = i.ToString("D8", CultureInfo.InvariantCulture);
                await table.AddEntityAsync(new TableEntity(id, "") { ["Status"] = "Queued", ["Task"] = "noop" }, cancellationToken);
                await queue.SendMessageAsync(id, cancellationToken);
            }
        }));

        var fetched = Channel.CreateBounded<QueueMessage>(InFlight * 2);
        var done = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var fetcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var message in (await queue.ReceiveMessagesAsync(InFlight, TimeSpan.FromMinutes(5), stop.Token)).Value)
                {
                    await fetched.Writer.WriteAsync(message, stop.Token);
                }
            }
        }, CancellationToken.None);
        var workers = Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
        {
            await foreach (var message in fetched.Reader.ReadAllAsync(stop.Token))
            {
                var row = (await table.GetEntityAsync<TableEntity>(message.MessageText, "", cancellationToken: stop.Token)).Value;
                row["Status"] = "Running";
                var etag = (await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, stop.Token)).Headers.ETag!.Value;
                row["Status"] = "Succeeded";
                await table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, stop.Token);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop.Token);
                if (Interlocked.Increment(ref done) == count)
                {
                    await stop.CancelAsync();
                }
            }
        }, CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll([fetcher, .. workers]);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // All runs done.
        }

        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
