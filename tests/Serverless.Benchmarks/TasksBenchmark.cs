using System.Diagnostics;
using System.Reflection;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Serverless.FunctionsHost;
using Serverless.Tasks.Functions;
using Serverless.Tasks;
using Serverless.Tasks.Runtime;

namespace Serverless.Benchmarks;

/// <summary>
/// Tasks on the real worker (tests/Serverless.Tasks.Functions.TestApp): no-op runs/s through the Low lane against the
/// same storage operations done by the SDK alone (send, receive, read the record, claim, record the end, delete);
/// enqueue-to-start latency on the Critical lane at 10 runs/s; 100 one-second schedules' start lateness against the
/// time the SDK needs to send 100 messages at once; a 3-step chain's end-to-end latency. Figures come from the run
/// records (CreatedAt, DueAt, StartedAt, CompletedAt).
/// </summary>
internal sealed class TasksBenchmark : IBenchmark
{
    private const int Runs = 1000;

    public string Name => "tasks";

    public TimeSpan Timeout => TimeSpan.FromSeconds(300);

    private static string AppDirectory { get; } = typeof(TasksBenchmark).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TasksAppDirectory").Value!;

    public async Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var prefix = $"b{Guid.NewGuid():N}"[..13];
        var options = new FunctionsHostOptions { AppDirectory = AppDirectory, HttpPort = 0, UseEnvironment = false };
        options.Settings["AzureWebJobsStorage"] = run.ConnectionString;
        options.Settings["AzureFunctionsWebHost__hostid"] = prefix;
        options.Settings["Serverless__Tasks__StoragePrefix"] = prefix;
        options.Settings["Serverless__Tasks__SchedulerSchedule"] = "* * * * * *";
        foreach (var (name, queue) in TaskLaneSettings.AppSettings(prefix))
        {
            options.Settings[name] = queue;
        }

        options.Settings["AzureFunctionsJobHost__extensions__durableTask__hubName"] = prefix;
        await using var host = await LocalFunctionsHost.StartAsync(options, cancellationToken);
        run.SectionHosts.Add(host);
        await using var services = Client(run.ConnectionString, prefix);
        var tasks = services.GetRequiredService<ITaskClient>();

        // Throughput: 1,000 no-op runs enqueued 16 at a time, first CreatedAt to last CompletedAt.
        var ids = new string[Runs];
        await Parallel.ForAsync(0, Runs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => ids[i] = await tasks.EnqueueAsync("noop_low", cancellationToken: ct));
        var critical = await tasks.EnqueueAsync("noop_critical", cancellationToken: cancellationToken);
        var ended = await WaitForAllAsync(tasks, ids, cancellationToken);
        var jumped = (await WaitForAllAsync(tasks, [critical], cancellationToken))[0];
        var rate = Runs / (ended.Max(r => r.CompletedAt!.Value) - ended.Min(r => r.CreatedAt)).TotalSeconds;
        var raw = await RawRunsAsync(run.ConnectionString, Runs, cancellationToken);
        run.Log($"tasks: {rate:F0} runs/s, raw {raw:F0} runs/s");
        run.Report.Add($"tasks: no-op runs through the Low lane ({Runs:N0}, enqueued 16 at a time)", $"{Stats.F(rate)} runs/s",
            $"SDK alone, the same storage operations per run: {Stats.F(raw)} runs/s", $"{Stats.F(rate / raw, 2)} of raw (target 0.7)");
        var wait = jumped.StartedAt!.Value - jumped.CreatedAt;
        run.Report.Add("tasks: a Critical run enqueued behind that backlog of 1,000 Low runs, enqueue to start", Stats.Ms(wait),
            $"the backlog took {Stats.F((ended.Max(r => r.CompletedAt!.Value) - ended.Min(r => r.CreatedAt)).TotalSeconds, 1)} s", Report.Below(wait.TotalMilliseconds, 2000, "ms"));

        // Latency: 100 Critical runs at 10 a second.
        var latency = new List<string>();
        using (var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            while (latency.Count < 100 && await ticks.WaitForNextTickAsync(cancellationToken))
            {
                latency.Add(await tasks.EnqueueAsync("noop_critical", cancellationToken: cancellationToken));
            }
        }

        var started = (await WaitForAllAsync(tasks, latency, cancellationToken)).Select(r => (r.StartedAt!.Value - r.CreatedAt).TotalMilliseconds).ToList();
        run.Report.Add("tasks: enqueue to start, Critical lane, 10 runs/s for 10 s", $"p50 {Stats.Ms(Stats.Median(started))}, p99 {Stats.Ms(Stats.Percentile(started, 99))}");

        // Schedules: 100 of them every second for 10 s; lateness of each start past its due second.
        var schedules = services.GetRequiredService<ITaskScheduleClient>();
        for (var i = 0; i < 100; i++)
        {
            await schedules.AddScheduleAsync($"bench-{i}", "noop_scheduled", TaskTrigger.Every(TimeSpan.FromSeconds(1)), cancellationToken: cancellationToken);
        }

        var from = DateTimeOffset.UtcNow.AddSeconds(2);
        await Task.Delay(TimeSpan.FromSeconds(12), cancellationToken);
        for (var i = 0; i < 100; i++)
        {
            await schedules.RemoveAsync($"bench-{i}", cancellationToken);
        }

        // Every firing of the window ended (or was skipped) before the lateness is read.
        List<TaskRun> fired = [];
        await Wait.UntilAsync(async () =>
        {
            fired = [];
            await foreach (var r in tasks.ListRunsAsync(new TaskRunQuery { Task = "noop_scheduled", CreatedFrom = from.AddSeconds(-5), Top = 100_000 }, cancellationToken))
            {
                if (r is { ScheduleId: not null, DueAt: { } due } && due >= from && due < from.AddSeconds(10))
                {
                    fired.Add(r);
                }
            }

            return fired.All(r => r.IsFinished);
        }, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(120), () => "the schedules' runs to end", cancellationToken);
        var late = fired.Where(r => r.StartedAt is not null).Select(r => (r.StartedAt!.Value - r.DueAt!.Value).TotalMilliseconds).ToList();
        var skipped = fired.Count(r => r.Status == TaskRunStatus.Skipped);

        var burst = await RawBurstAsync(run.ConnectionString, cancellationToken);
        run.Report.Add("tasks: 100 one-second schedules for 10 s, start past the due second", $"p50 {Stats.Ms(Stats.Median(late))}, p99 {Stats.Ms(Stats.Percentile(late, 99))} ({late.Count} runs started, {skipped} skipped, of 1,000 due; coalesced firings are not run twice)",
            $"SDK sending 100 messages at once: {Stats.Ms(burst)}", $"{Stats.F(Stats.Median(late) / burst, 1)}x of the burst at p50");
        // Chains: extract -> transform -> load (Durable orchestrations), enqueued through the tasks API, one after another.
        using var http = host.CreateHttpClient();
        List<double> chains = [];
        for (var i = 0; i < 5; i++)
        {
            var root = $"chain-{i}-{Guid.NewGuid():N}";
            using var response = await http.PostAsJsonAsync("api/tasks/chain_extract/runs", new { parameters = new { value = 1 }, runId = root }, cancellationToken);
            response.EnsureSuccessStatusCode();
            var load = (await WaitForAllAsync(tasks, [$"{root}.after.chain_transform.after.chain_load"], cancellationToken))[0];
            var first = await tasks.GetRunAsync(root, cancellationToken);
            chains.Add((load.CompletedAt!.Value - first!.CreatedAt).TotalMilliseconds);
        }

        run.Report.Add("tasks: 3-step run_after chain (Durable orchestrations), enqueue to the last step's end, 5 in turn", $"median {Stats.Ms(Stats.Median(chains))}, max {Stats.Ms(chains.Max())}");
    }

    private static ServiceProvider Client(string connectionString, string prefix)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new TaskRegistry()
            .Add("noop_low", _ => Task.CompletedTask, o => o.Priority = TaskPriority.Low)
            .Add("noop_critical", _ => Task.CompletedTask, o => o.Priority = TaskPriority.Critical)
            .Add("noop_scheduled", _ => Task.CompletedTask, o => (o.Priority, o.MaxInstances) = (TaskPriority.Critical, 0)).Build());
        services.AddSingleton(TaskStorage.FromConnectionString(connectionString, prefix));
        services.Configure<TasksOptions>(o => o.StoragePrefix = prefix);
        services.AddServerlessTasksRuntime();
        services.AddServerlessTaskScheduler();
        return services.BuildServiceProvider();
    }

    private static async Task<List<TaskRun>> WaitForAllAsync(ITaskClient tasks, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var done = new Dictionary<string, TaskRun>();
        await Wait.UntilAsync(async () =>
        {
            foreach (var id in ids.Where(i => !done.ContainsKey(i)).Take(100).ToList())
            {
                if (await tasks.GetRunAsync(id, cancellationToken) is { Status: TaskRunStatus.Succeeded } run)
                {
                    done[id] = run;
                }
            }

            return done.Count == ids.Count;
        }, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(180), () => $"{ids.Count} runs to succeed ({done.Count} so far)", cancellationToken);
        return [.. done.Values];
    }

    /// <summary>The storage operations of a run by the SDK alone: insert and send; then receive(32), read, claim, end, delete, 2 receivers.</summary>
    private static async Task<double> RawRunsAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        var name = "rawruns" + Guid.NewGuid().ToString("N")[..12];
        var queue = new QueueClient(connectionString, name);
        var table = new TableClient(connectionString, name);
        await queue.CreateAsync(cancellationToken: cancellationToken);
        await table.CreateAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var consumed = 0;
        var send = Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            await table.AddEntityAsync(new TableEntity($"run-{i}", "") { ["Status"] = "Queued" }, ct);
            await queue.SendMessageAsync($"run-{i}", ct);
        });
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref consumed) < count)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
                await Task.WhenAll(batch.Select(async m =>
                {
                    var entity = (await table.GetEntityAsync<TableEntity>(m.MessageText, "", cancellationToken: cancellationToken)).Value;
                    entity["Status"] = "Running";
                    var claimed = await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, cancellationToken);
                    entity["Status"] = "Succeeded";
                    await table.UpdateEntityAsync(entity, claimed.Headers.ETag!.Value, TableUpdateMode.Merge, cancellationToken);
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken);
                }));
                Interlocked.Add(ref consumed, batch.Length);
            }
        }, cancellationToken)).Append(send));
        var rate = count / clock.Elapsed.TotalSeconds;
        await queue.DeleteAsync(CancellationToken.None);
        await table.DeleteAsync(CancellationToken.None);
        return rate;
    }

    private static async Task<double> RawBurstAsync(string connectionString, CancellationToken cancellationToken)
    {
        var queue = new QueueClient(connectionString, "rawburst" + Guid.NewGuid().ToString("N")[..12]);
        await queue.CreateAsync(cancellationToken: cancellationToken);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => queue.SendMessageAsync($"fire-{i}", cancellationToken)));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await queue.DeleteAsync(CancellationToken.None);
        return elapsed;
    }
}
