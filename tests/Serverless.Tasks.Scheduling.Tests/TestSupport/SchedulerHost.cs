using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Runtime;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests.TestSupport;

/// <summary>
/// One host's scheduling parts on Azurite under a prefix: store, declared upsert, schedule client and scheduler service,
/// on a (shared) fake clock, enqueueing into a (shared) recording client. Two hosts with the same prefix share storage.
/// </summary>
internal sealed class SchedulerHost : IAsyncDisposable
{
    private bool _started;

    public SchedulerHost(AzuriteFixture azurite, string prefix, TaskCatalog catalog, FakeTimeProvider time, ITaskClient tasks,
        TasksOptions? options = null, SchedulerSettings? settings = null)
    {
        Time = time;
        Storage = TaskStorage.FromConnectionString(azurite.ConnectionString, prefix);
        Options = options ?? new TasksOptions { StoragePrefix = prefix, ScheduleRefreshInterval = TimeSpan.FromHours(1) };
        Store = new ScheduleStore(Storage);
        Declared = new DeclaredSchedules(Store, catalog, time, NullLogger<DeclaredSchedules>.Instance);
        Client = new TaskScheduleClient(Store, catalog, tasks, Signal, time, NullLogger<TaskScheduleClient>.Instance);
        Scheduler = new TaskSchedulerService(Store, Declared, catalog, tasks, Storage, Signal, Metrics, Microsoft.Extensions.Options.Options.Create(Options),
            settings ?? new SchedulerSettings { AcquireInterval = TimeSpan.FromMilliseconds(200) }, time, Logger);
    }

    public FakeTimeProvider Time { get; }

    public CapturingLogger<TaskSchedulerService> Logger { get; } = new();

    public TaskStorage Storage { get; }

    public TasksOptions Options { get; }

    public ScheduleStore Store { get; }

    public DeclaredSchedules Declared { get; }

    public ScheduleChangeSignal Signal { get; } = new();

    public SchedulerMetrics Metrics { get; } = new();

    public TaskScheduleClient Client { get; }

    public TaskSchedulerService Scheduler { get; }

    public static string NewPrefix() => AzuriteFixture.UniqueName("sch");

    public async Task StartAsync()
    {
        _started = true;
        await Scheduler.StartAsync(CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (_started)
        {
            _started = false;
            await Scheduler.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Waits until this host leads and waits for a time; returns that time.</summary>
    public async Task<DateTimeOffset> WaitingAsync(string what = "the scheduler to wait")
    {
        DateTimeOffset? until = null;
        await Poll.UntilAsync(() => Scheduler.IsLeader && (until = Scheduler.WaitingUntil) is not null, what);
        return until!.Value;
    }

    /// <summary>
    /// Moves the clock to the time the scheduler waits for, then waits until it went round its loop (fired what was due)
    /// and waits again for a later time. Returns the time it woke at.
    /// </summary>
    public async Task<DateTimeOffset> AdvanceToWakeAsync()
    {
        var wakeAt = await WaitingAsync();
        if (wakeAt > Time.GetUtcNow())
        {
            Time.SetUtcNow(wakeAt);
        }

        await Poll.UntilAsync(() => Scheduler.WaitingUntil is { } next && next > wakeAt, $"the scheduler to go round after {wakeAt:o}");
        return wakeAt;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Scheduler.Dispose();
    }
}
