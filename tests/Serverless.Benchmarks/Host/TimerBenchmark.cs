using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Worker;

namespace Serverless.Benchmarks.Host;

/// <summary>
/// Timer trigger: lateness (actual start of the function minus its scheduled whole second) of a 1-second schedule
/// through a real host, against a bare TimeProvider timer loop waiting for the same whole seconds in the same run
/// (both run side by side); and host start to first invocation (a RunOnStartup timer, from before Build()).
/// </summary>
internal sealed class TimerBenchmark : IBenchmark
{
    private const string HostIdSetting = "AzureFunctionsWebHost:hostid";

    public string Name => "host-timer";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = new List<BenchmarkRow>();

        // Host start first, while nothing of the host is JIT-compiled yet: the cold figure is the honest one.
        var starts = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            starts.Add(await StartToFirstInvocationAsync(context, cancellationToken));
        }

        context.Progress.WriteLine($"start to first invocation: {string.Join(", ", starts.Select(s => $"{s:F0} ms"))}");
        rows.Add(new BenchmarkRow(Name, "host start to first invocation (cold)", starts[0], "ms", Target: "< 2000 ms"));
        rows.Add(new BenchmarkRow(Name, "host start to first invocation (warm, median of 3)", Statistics.Percentile(starts.Skip(1).ToList(), 50), "ms", Target: "< 2000 ms"));

        var duration = TimeSpan.FromSeconds(context.Quick ? 30 : 60);
        context.Progress.WriteLine($"timer lateness: 1-second schedule for {duration.TotalSeconds:F0} s (host and bare loop side by side)");
        var baseline = BareTimerLoopAsync(duration, warmUpSeconds: 1, cancellationToken);
        var host = HostTimerAsync(context, duration, cancellationToken);
        var (hostLateness, bareLateness) = (await host, await baseline);

        rows.Add(Row("timer lateness p50", hostLateness, bareLateness, 50, null));
        rows.Add(Row("timer lateness p99", hostLateness, bareLateness, 99, "< 20 ms"));
        rows.Add(Row("timer lateness max", hostLateness, bareLateness, 100, null));
        return rows;
    }

    private BenchmarkRow Row(string metric, List<double> host, List<double> bare, double percentile, string? target) =>
        new(Name, $"{metric} ({host.Count} firings; baseline {bare.Count})", Statistics.Percentile(host, percentile), "ms", Statistics.Percentile(bare, percentile), target);

    private static async Task<double> StartToFirstInvocationAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var probe = new StartupProbe();
        var started = Stopwatch.GetTimestamp();
        await using var host = await TestFunctionHost.StartAsync(
            context.StorageConnectionString,
            [typeof(StartupTimerFunction)],
            new Dictionary<string, string?> { [HostIdSetting] = UniqueHostId("bench-start-") },
            services => services.AddSingleton(probe));
        var invoked = await probe.Invoked.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return Stopwatch.GetElapsedTime(started, invoked).TotalMilliseconds;
    }

    private static async Task<List<double>> HostTimerAsync(BenchmarkContext context, TimeSpan duration, CancellationToken cancellationToken)
    {
        var recorder = new LatenessRecorder();
        await using (var host = await TestFunctionHost.StartAsync(
            context.StorageConnectionString,
            [typeof(EverySecondTimerFunction)],
            new Dictionary<string, string?> { [HostIdSetting] = UniqueHostId("bench-timer-") },
            services => services.AddSingleton(recorder)))
        {
            await Task.Delay(duration, cancellationToken);
            await host.StopAsync();
        }

        // The first firing comes while the host is still warming up; it is left out, as for the bare loop.
        return [.. recorder.Lateness.Skip(1)];
    }

    /// <summary>
    /// The baseline: a loop waiting with TimeProvider.System for each whole second in turn, measured the same way. A
    /// system timer may fire a little before the wall clock reaches the second: that shows as negative lateness.
    /// </summary>
    internal static async Task<List<double>> BareTimerLoopAsync(TimeSpan duration, int warmUpSeconds, CancellationToken cancellationToken)
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

        return [.. lateness.Skip(warmUpSeconds)];
    }

    private static string UniqueHostId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>Records when the RunOnStartup function first ran.</summary>
internal sealed class StartupProbe
{
    public TaskCompletionSource<long> Invoked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Lateness of each firing: the function's start minus the whole second it was scheduled for.</summary>
internal sealed class LatenessRecorder
{
    public ConcurrentQueue<double> Lateness { get; } = new();

    public void Record()
    {
        var now = DateTime.UtcNow;
        var scheduled = now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond);
        Lateness.Enqueue(TimeSpan.FromTicks(now.Ticks - scheduled).TotalMilliseconds);
    }
}

internal sealed class StartupTimerFunction(StartupProbe probe)
{
    [Function("BenchmarkStartup")]
    public void Run([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true, UseMonitor = false)] TimerInfo timer) =>
        probe.Invoked.TrySetResult(Stopwatch.GetTimestamp());
}

internal sealed class EverySecondTimerFunction(LatenessRecorder recorder)
{
    [Function("BenchmarkEverySecond")]
    public void Run([TimerTrigger("* * * * * *")] TimerInfo timer) => recorder.Record();
}
