using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Tasks;
using Serverless.Tasks.Scheduling;

namespace Serverless.Benchmarks.Tasks;

/// <summary>
/// Scheduling lateness of 100 interval tasks each firing every second through a real host, against a bare
/// TimeProvider timer loop waiting for the same whole seconds side by side (the raw ceiling of a timer). Two figures:
/// the scheduler's lateness (the firing's enqueue minus its due time, as the scheduler records it) and the task start
/// lateness (the task's start minus its due time: firing, queue and worker together).
/// </summary>
internal sealed class TaskScheduleBenchmark : IBenchmark
{
    private const int Tasks = 100;

    public string Name => "tasks-schedule";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duration = TimeSpan.FromSeconds(context.Quick ? 15 : 30);
        context.Progress.WriteLine($"{Tasks} tasks every second for {duration.TotalSeconds:F0} s (host and bare loop side by side)");
        var starts = new ConcurrentQueue<double>();
        var registry = new TaskRegistry();
        for (var i = 0; i < Tasks; i++)
        {
            registry.Add($"tick_{i:D3}", context =>
            {
                starts.Enqueue((DateTimeOffset.UtcNow - context.DueTime!.Value).TotalMilliseconds);
                return Task.CompletedTask;
            }, o =>
            {
                o.Namespace = TaskBench.Namespace;
                o.Trigger = TaskTrigger.Every(TimeSpan.FromSeconds(1));
            });
        }

        var baseline = BareLoopAsync(duration, cancellationToken);
        IReadOnlyList<TimeSpan> scheduler;
        long fired;
        await using (var host = await TestFunctionHost.StartAsync(context.StorageConnectionString, [], new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:tasks:storagePrefix"] = TaskBench.UniquePrefix(),
            ["AzureFunctionsJobHost:extensions:tasks:maxConcurrentRuns"] = "64",
        }, services => services.AddTaskRegistry(registry)))
        {
            await Task.Delay(duration, cancellationToken);
            var metrics = host.Services.GetRequiredService<SchedulerMetrics>();
            (scheduler, fired) = (metrics.Lateness, metrics.Fired);
            await host.StopAsync();
        }

        var bare = await baseline;
        // The first two seconds warm the host up (JIT, leader lease, first polls): left out, as for the bare loop.
        var firing = scheduler.Skip(2 * Tasks).Select(l => l.TotalMilliseconds).ToList();
        var started = starts.Skip(2 * Tasks).ToList();
        context.Progress.WriteLine($"fired {fired}, started {starts.Count}, expected about {Tasks * duration.TotalSeconds:F0}");
        var expected = Tasks * ((int)duration.TotalSeconds - 2);
        return
        [
            new(Name, $"firings of {Tasks} 1-s interval tasks in {duration.TotalSeconds:F0} s", fired, "firings", Tasks * duration.TotalSeconds),
            new(Name, $"scheduler lateness p50 (due to enqueued; {firing.Count} firings)", Statistics.Percentile(firing, 50), "ms", Statistics.Percentile(bare, 50)),
            new(Name, $"scheduler lateness p99 (due to enqueued; {firing.Count} firings)", Statistics.Percentile(firing, 99), "ms", Statistics.Percentile(bare, 99), "< 20 ms over the bare loop"),
            new(Name, $"task start lateness p50 (due to task start; {started.Count} of ~{expected} runs)", Statistics.Percentile(started, 50), "ms", Statistics.Percentile(bare, 50)),
            new(Name, $"task start lateness p99 (due to task start)", Statistics.Percentile(started, 99), "ms", Statistics.Percentile(bare, 99), "< 100 ms (the queue target)"),
        ];
    }

    /// <summary>The baseline: one loop waiting with TimeProvider.System for each whole second, measured the same way.</summary>
    private static async Task<List<double>> BareLoopAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var lateness = new List<double>();
        var now = time.GetUtcNow();
        var end = now + duration;
        var next = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);
        while (next < end)
        {
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            lateness.Add((time.GetUtcNow() - next).TotalMilliseconds);
            next = next.AddSeconds(1);
        }

        return [.. lateness.Skip(2)];
    }
}
