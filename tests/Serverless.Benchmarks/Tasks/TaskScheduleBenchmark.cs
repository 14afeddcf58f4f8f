using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Azurite;
using Serverless.Host.Testing;
using Serverless.Tasks;
using Serverless.Tasks.Scheduling;
using Serverless.Testing;

namespace Serverless.Benchmarks.Tasks;

/// <summary>
/// Scheduling lateness of 100 interval tasks each firing every second through a real host: the scheduler's lateness
/// (a firing's enqueue done minus its due time, as the scheduler records it; baseline: a bare TimeProvider timer loop
/// waiting for the same whole seconds side by side) and the task start lateness (the task's start minus its due time:
/// firing, queue and worker together; baseline: the same burst done with the raw SDK, <see cref="RawBurst"/>). Twice:
/// with the default MaxInstances 1 (each scheduled run holds a cluster-wide slot, a blob lease) and with MaxInstances 0,
/// each with its own raw baseline on its own Azurite.
/// </summary>
internal sealed class TaskScheduleBenchmark : IBenchmark
{
    private const int Tasks = 100;

    public string Name => "tasks-schedule";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duration = TimeSpan.FromSeconds(context.Quick ? 15 : 25);
        var rows = new List<BenchmarkRow>();
        foreach (var maxInstances in new[] { 1, 0 })
        {
            // Each variant and its raw baseline on a fresh Azurite of their own: an in-memory Azurite holding the rows and
            // messages of the runs before once stopped answering for over 10 s (the scheduler's lease lapsed, nothing fired).
            await using var azurite = maxInstances == 1 ? null : await AzuriteProcess.StartAsync(new AzuriteOptions { SearchFrom = [AzuriteFixture.RepositoryRoot] });
            var storage = azurite?.ConnectionString ?? context.StorageConnectionString;
            context.Progress.WriteLine($"raw SDK burst: {Tasks} runs due at every second for {duration.TotalSeconds:F0} s");
            var raw = await RawBurst.RunAsync(storage, Tasks, duration, context.Progress, cancellationToken);
            context.Progress.WriteLine($"{Tasks} tasks (MaxInstances {maxInstances}) every second for {duration.TotalSeconds:F0} s, a bare timer loop side by side");
            var bareLoop = Host.TimerBenchmark.BareTimerLoopAsync(duration, warmUpSeconds: 2, cancellationToken);
            var (scheduler, started, seconds) = await RunHostAsync(context with { StorageConnectionString = storage }, maxInstances, duration, cancellationToken);
            var bare = await bareLoop;
            var label = $"MaxInstances {maxInstances}";
            rows.Add(new(Name, $"{label}: runs started per due second (seconds 3 to last-but-one; expected {Tasks})", (double)started.Count / seconds, "runs/s"));
            rows.Add(new(Name, $"{label}: scheduler lateness p50 (due to enqueued; baseline: bare timer loop)", Statistics.Percentile(scheduler, 50), "ms", Statistics.Percentile(bare, 50)));
            rows.Add(new(Name, $"{label}: scheduler lateness p99", Statistics.Percentile(scheduler, 99), "ms", Statistics.Percentile(bare, 99)));
            rows.Add(new(Name, $"{label}: task start lateness p50 (due to start; baseline: raw SDK burst)", Statistics.Percentile(started, 50), "ms", Statistics.Percentile(raw, 50)));
            rows.Add(new(Name, $"{label}: task start lateness p99 (baseline: raw SDK burst)", Statistics.Percentile(started, 99), "ms", Statistics.Percentile(raw, 99), "<= 2x the raw burst"));
        }

        return rows;
    }

    /// <summary>Runs the tasks in a host; returns the scheduler's and the start lateness (ms) of the measured window and its length in seconds.</summary>
    private static async Task<(List<double> Scheduler, List<double> Started, int Seconds)> RunHostAsync(
        BenchmarkContext context, int maxInstances, TimeSpan duration, CancellationToken cancellationToken)
    {
        var starts = new ConcurrentQueue<(DateTimeOffset Due, double Milliseconds)>();
        var registry = new TaskRegistry();
        for (var i = 0; i < Tasks; i++)
        {
            registry.Add($"tick_{i:D3}", run =>
            {
                starts.Enqueue((run.DueTime!.Value, (DateTimeOffset.UtcNow - run.DueTime!.Value).TotalMilliseconds));
                return Task.CompletedTask;
            }, o =>
            {
                o.Namespace = TaskBench.Namespace;
                o.Trigger = TaskTrigger.Every(TimeSpan.FromSeconds(1));
                o.MaxInstances = maxInstances;
            });
        }

        IReadOnlyList<TimeSpan> scheduler;
        await using (var host = await TestFunctionHost.StartAsync(context.StorageConnectionString, [typeof(TaskProbe)], new Dictionary<string, string?>
        {
            [TaskBench.ScanSetting] = "false",
            ["AzureFunctionsJobHost:extensions:tasks:storagePrefix"] = TaskBench.UniquePrefix(),
            ["AzureFunctionsJobHost:extensions:tasks:maxConcurrentRuns"] = "64",
        }, services => services.AddTaskRegistry(registry)))
        {
            await Task.Delay(duration, cancellationToken);
            scheduler = host.Services.GetRequiredService<SchedulerMetrics>().Lateness;
            await host.StopAsync();
        }

        // The same window as the raw burst: from the third second (warm-up) to the last but one (the host stops).
        var window = starts.Select(s => s.Due).Distinct().Order().ToList();
        var started = starts.Where(s => window.Count > 3 && s.Due >= window[2] && s.Due < window[^1]).Select(s => s.Milliseconds).ToList();
        context.Progress.WriteLine($"fired {scheduler.Count}, started {starts.Count} in {window.Count} due seconds");
        return ([.. scheduler.Skip(2 * Tasks).Select(l => l.TotalMilliseconds)], started, Math.Max(1, window.Count - 3));
    }
}
