using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>
/// Two versions of the code side by side (a rolling deploy): a host of the old version restarting must not delete the
/// new version's schedules, and the firing host puts its own declarations back when an old host overwrote them.
/// </summary>
public sealed class RollingDeployTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingTaskClient _tasks = new();
    private readonly string _prefix = SchedulerHost.NewPrefix();

    private static TaskCatalog OldVersion() => TestTasks.Catalog(TestTasks.Define("report", TaskTrigger.Every(TimeSpan.FromHours(2))));

    private static TaskCatalog NewVersion() => TestTasks.Catalog(
        TestTasks.Define("report", TaskTrigger.Every(TimeSpan.FromHours(3))),
        TestTasks.Define("cleanup", TaskTrigger.Every(TimeSpan.FromHours(4))));

    private SchedulerHost Host(TaskCatalog catalog) => new(azurite, _prefix, catalog, _time, _tasks);

    [Fact]
    public async Task DeclaredUpsert_OldVersionRestarts_KeepsTheRowOfATaskItDoesNotKnow()
    {
        await using var newHost = Host(NewVersion());
        await newHost.Declared.UpsertAsync(CancellationToken.None);

        await using var oldHost = Host(OldVersion());
        await oldHost.Declared.UpsertAsync(CancellationToken.None);

        var cleanup = await newHost.Client.GetScheduleAsync("cleanup");
        Assert.NotNull(cleanup);
        Assert.Equal(("every(04:00:00)", T0.AddHours(4)), (cleanup.Trigger, cleanup.NextRunTime));
    }

    [Fact]
    public async Task Scheduler_OldVersionRestartsAndWritesItsTrigger_TheFiringHostPutsItsOwnBackAtTheNextRefresh()
    {
        var options = new TasksOptions { StoragePrefix = _prefix, ScheduleRefreshInterval = TimeSpan.FromMinutes(1) };
        await using var leader = new SchedulerHost(azurite, _prefix, NewVersion(), _time, _tasks, options);
        await leader.StartAsync();
        await leader.WaitingAsync();
        Assert.Equal("every(03:00:00)", (await leader.Client.GetScheduleAsync("report"))!.Trigger);

        // An old host starts (and does not take the lease): its start writes the old declaration.
        await using var oldHost = Host(OldVersion());
        await oldHost.Declared.UpsertAsync(CancellationToken.None);
        Assert.Equal("every(02:00:00)", (await oldHost.Client.GetScheduleAsync("report"))!.Trigger);

        Assert.Equal(T0.AddMinutes(1), await leader.AdvanceToWakeAsync());

        var report = await leader.Client.GetScheduleAsync("report");
        Assert.Equal(("every(03:00:00)", T0.AddHours(3)), (report!.Trigger, report.NextRunTime));
        Assert.NotNull(await leader.Client.GetScheduleAsync("cleanup"));
        Assert.Empty(_tasks.Enqueues);
    }

    [Fact]
    public async Task Scheduler_ReappliedEveryRefresh_LeavesRunTimeChangesAlone()
    {
        var options = new TasksOptions { StoragePrefix = _prefix, ScheduleRefreshInterval = TimeSpan.FromMinutes(1) };
        await using var leader = new SchedulerHost(azurite, _prefix, NewVersion(), _time, _tasks, options);
        await leader.StartAsync();
        await leader.WaitingAsync();
        await using var other = Host(NewVersion());
        await other.Client.RescheduleAsync("report", TaskTrigger.Every(TimeSpan.FromHours(5)));
        await other.Client.PauseAsync("cleanup");
        var before = await leader.Store.ListAsync(CancellationToken.None);

        await leader.AdvanceToWakeAsync();
        await leader.AdvanceToWakeAsync();

        // Nothing written: the rows still have the ETags they had after the runtime changes.
        var after = await leader.Store.ListAsync(CancellationToken.None);
        Assert.Equal(before.Select(r => (r.Id, r.ETag)), after.Select(r => (r.Id, r.ETag)));
        Assert.Equal("every(05:00:00)", after.Single(r => r.Id == "report").Trigger);
        Assert.True(after.Single(r => r.Id == "cleanup").Paused);
    }
}
