using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Tasks;
using Serverless.Tasks.Runtime;

namespace Serverless.Benchmarks.Tasks;

/// <summary>What the benchmark's no-op tasks record: when each run started and its latency from a send stamp or due time.</summary>
internal sealed class TaskProbe(int expected)
{
    private int _count;

    public ConcurrentQueue<long> Starts { get; } = new();

    public ConcurrentQueue<(long Stamp, double Milliseconds)> Latencies { get; } = new();

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A run started; <paramref name="stamp"/> is the Stopwatch timestamp taken just before its enqueue (0: none).</summary>
    public void Started(long stamp)
    {
        var now = Stopwatch.GetTimestamp();
        Starts.Enqueue(now);
        if (stamp > 0)
        {
            Latencies.Enqueue((stamp, Stopwatch.GetElapsedTime(stamp, now).TotalMilliseconds));
        }

        if (Interlocked.Increment(ref _count) == expected)
        {
            Done.TrySetResult();
        }
    }
}

/// <summary>The parameters of the benchmark's no-op task: the send stamp.</summary>
internal sealed record StampParams(long Stamp = 0);

/// <summary>Task services without a host: a client that enqueues into the benchmark's storage while no worker runs.</summary>
internal static class TaskBench
{
    public const string Namespace = "bench";

    /// <summary>The benchmark's tasks come from registries only (the host's [Task] scan is off).</summary>
    public const string ScanSetting = "Serverless:Tasks:ScanAssemblies";

    public static string UniquePrefix() => "b" + Guid.NewGuid().ToString("N")[..10];

    public static TaskRegistry NoOpRegistry(string name, TaskProbe probe) => new TaskRegistry().Add<StampParams>(name, context =>
    {
        probe.Started(context.Parameters.Stamp);
        return Task.CompletedTask;
    }, o => o.Namespace = Namespace);

    /// <summary>An ITaskClient on its own services (no worker, no scheduler started).</summary>
    public static ServiceProvider ClientOnly(string connectionString, string prefix, TaskRegistry registry)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(registry.Build());
        services.AddSingleton(TaskStorage.FromConnectionString(connectionString, prefix));
        services.AddSingleton(Options.Create(new TasksOptions { StoragePrefix = prefix }));
        services.AddServerlessTasksRuntime();
        return services.BuildServiceProvider();
    }
}
