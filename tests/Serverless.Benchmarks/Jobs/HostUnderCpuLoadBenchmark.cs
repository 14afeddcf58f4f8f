using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Jobs;
using Serverless.Jobs.Local;
using Serverless.Jobs.TestJob;
using Serverless.Worker;

namespace Serverless.Benchmarks.Jobs;

/// <summary>
/// The host next to CPU-bound jobs: timer lateness (1-second schedule) and queue enqueue-to-start latency (a steady
/// stream) of one running host, first with no jobs (the baseline, same run, same host), then while two local jobs each
/// burn a core (Monte Carlo samples in child processes of the test job binary, started by the local launcher).
/// </summary>
internal sealed class HostUnderCpuLoadBenchmark : IBenchmark
{
    private const double QueueRate = 20;

    public string Name => "host-cpu-load";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var phase = TimeSpan.FromSeconds(context.Quick ? 15 : 30);
        var queueName = "bench-cpu-" + Guid.NewGuid().ToString("N")[..12];
        var queue = new QueueServiceClient(context.StorageConnectionString).GetQueueClient(queueName);
        await queue.CreateAsync(cancellationToken: cancellationToken);
        var probe = new CpuLoadProbe();
        await using var host = await TestFunctionHost.StartAsync(
            context.StorageConnectionString,
            [typeof(CpuLoadTimerFunction), typeof(CpuLoadQueueFunction)],
            new Dictionary<string, string?>
            {
                ["AzureFunctionsWebHost:hostid"] = "bench-cpu-" + Guid.NewGuid().ToString("N")[..12],
                ["CpuLoadQueue"] = queueName,
            },
            services => services.AddSingleton(probe));

        // Warm-up: the first seconds of a host (JIT, first polls) count in neither phase.
        await StreamAsync(queue, TimeSpan.FromSeconds(3), cancellationToken);

        context.Progress.WriteLine($"host-cpu-load: baseline, no jobs, {phase.TotalSeconds:F0} s");
        var baseline = await MeasureAsync(probe, queue, phase, cancellationToken);

        await using var jobs = JobServices(context.StorageConnectionString);
        var launcher = (LocalProcessJobLauncher)jobs.GetRequiredService<IJobLauncher>();
        var store = jobs.GetRequiredService<JobStore>();
        var pids = new ConcurrentBag<int>();
        launcher.ProcessStarted += (_, _, pid) => pids.Add(pid);
        var ids = new[] { "cpu-load-a-" + Guid.NewGuid().ToString("N")[..8], "cpu-load-b-" + Guid.NewGuid().ToString("N")[..8] };
        foreach (var id in ids)
        {
            await launcher.StartAsync(store, new JobRequest(id, "burn", JobStore.InputBlobName(id), Cpus: 1, MemoryGiB: 0.5, Timeout: TimeSpan.FromMinutes(10)),
                new { }, cancellationToken);
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(30 * Stopwatch.Frequency);
        while (pids.Count < ids.Length && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }

        var processes = pids.Select(Process.GetProcessById).ToList();
        await StreamAsync(queue, TimeSpan.FromSeconds(2), cancellationToken);
        var cpuBefore = processes.Sum(CpuSeconds);
        context.Progress.WriteLine($"host-cpu-load: {processes.Count} jobs burning a core each, {phase.TotalSeconds:F0} s");
        var loaded = await MeasureAsync(probe, queue, phase, cancellationToken);
        var stillRunning = processes.Count(p => { p.Refresh(); return !p.HasExited; });
        var jobCores = (processes.Sum(CpuSeconds) - cpuBefore) / phase.TotalSeconds;
        foreach (var id in ids)
        {
            await launcher.CancelAsync(id, cancellationToken);
        }

        return
        [
            new(Name, $"jobs' CPU use while measured ({stillRunning} of {processes.Count} jobs running at the end)", jobCores, "cores", Target: "up to 2 (a core each; the machine is shared)"),
            new(Name, $"timer lateness p99 under 2 CPU jobs ({loaded.Timer.Count} firings; baseline {baseline.Timer.Count})",
                Statistics.Percentile(loaded.Timer, 99), "ms", Statistics.Percentile(baseline.Timer, 99), "< 20 ms"),
            new(Name, $"enqueue to start p50 under 2 CPU jobs ({QueueRate:F0} msg/s; {loaded.Queue.Count} msgs)",
                Statistics.Percentile(loaded.Queue, 50), "ms", Statistics.Percentile(baseline.Queue, 50), "< 100 ms"),
            new(Name, "enqueue to start p99 under 2 CPU jobs",
                Statistics.Percentile(loaded.Queue, 99), "ms", Statistics.Percentile(baseline.Queue, 99)),
        ];
    }

    /// <summary>CPU time of a job process so far; 0 once it has exited (its time is no longer readable).</summary>
    private static double CpuSeconds(Process process)
    {
        try
        {
            process.Refresh();
            return process.HasExited ? 0 : process.TotalProcessorTime.TotalSeconds;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return 0;
        }
    }

    private static ServiceProvider JobServices(string storage)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddServerlessJobs(o =>
        {
            o.Storage = storage;
            o.ContainerName = "bench-cpu-jobs";
            o.Local.Executable = Path.Combine(AppContext.BaseDirectory, "Serverless.Jobs.TestJob.dll");
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Streams messages for <paramref name="duration"/> and returns the timer and queue figures of that window.</summary>
    private static async Task<(List<double> Timer, List<double> Queue)> MeasureAsync(CpuLoadProbe probe, QueueClient queue, TimeSpan duration, CancellationToken cancellationToken)
    {
        probe.Reset();
        await StreamAsync(queue, duration, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // the last messages of the stream reach the function
        return ([.. probe.Lateness], [.. probe.Latencies]);
    }

    /// <summary>A steady stream: message i sent at i / rate seconds, stamped just before its send.</summary>
    private static async Task StreamAsync(QueueClient queue, TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < QueueRate * duration.TotalSeconds; i++)
        {
            var due = TimeSpan.FromSeconds(i / QueueRate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            var stamp = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
            await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(stamp)), cancellationToken);
        }
    }
}

/// <summary>Timer lateness and queue latency of the current measuring window.</summary>
internal sealed class CpuLoadProbe
{
    public ConcurrentQueue<double> Lateness { get; private set; } = new();

    public ConcurrentQueue<double> Latencies { get; private set; } = new();

    public void Reset() => (Lateness, Latencies) = (new(), new());

    public void Fired()
    {
        var now = DateTime.UtcNow;
        Lateness.Enqueue(TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerSecond).TotalMilliseconds);
    }

    public void Received(string body)
    {
        var now = Stopwatch.GetTimestamp();
        if (long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
        {
            Latencies.Enqueue(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
        }
    }
}

internal sealed class CpuLoadTimerFunction(CpuLoadProbe probe)
{
    [Function("CpuLoadEverySecond")]
    public void Run([TimerTrigger("* * * * * *")] TimerInfo timer) => probe.Fired();
}

internal sealed class CpuLoadQueueFunction(CpuLoadProbe probe)
{
    [Function("CpuLoadQueue")]
    public void Run([QueueTrigger("%CpuLoadQueue%")] string body) => probe.Received(body);
}
