using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>
/// Two versions of the code side by side (a rolling deploy): a host of the old version must not delete the new
/// version's schedules, and the firing host puts its own declarations back when an old host overwrote them.
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
        var newHost = Host(NewVersion());
        await newHost.Declared.UpsertAsync(CancellationToken.None);

        var oldHost = Host(OldVersion());
        await oldHost.Declared.UpsertAsync(CancellationToken.None);

        var cleanup = await newHost.Client.GetScheduleAsync("cleanup");
        Assert.NotNull(cleanup);
        Assert.Equal(("every(04:00:00)", T0.AddHours(4)), (cleanup.Trigger, cleanup.NextRunTime));
    }

    [Fact]
    public async Task FireDueAsync_OldVersionWroteItsTrigger_TheFiringHostPutsItsOwnBackAtTheNextTick()
    {
        var firing = Host(NewVersion());
        await firing.TickAsync();
        Assert.Equal("every(03:00:00)", (await firing.Client.GetScheduleAsync("report"))!.Trigger);

        // A host of the old version is asked for its schedules (its client applies the old declaration first).
        var oldHost = Host(OldVersion());
        Assert.Equal("every(02:00:00)", (await oldHost.Client.GetScheduleAsync("report"))!.Trigger);

        var tick = await firing.TickAtAsync(T0.AddMinutes(1));

        var report = await firing.Client.GetScheduleAsync("report");
        Assert.Equal(("every(03:00:00)", T0.AddHours(3)), (report!.Trigger, report.NextRunTime));
        Assert.NotNull(await firing.Client.GetScheduleAsync("cleanup"));
        Assert.Equal(new ScheduleTick(0, 0, T0.AddHours(3)), tick);
        Assert.Empty(_tasks.Enqueues);
    }

    [Fact]
    public async Task FireDueAsync_ReappliedEveryTick_LeavesRunTimeChangesAlone()
    {
        var firing = Host(NewVersion());
        await firing.TickAsync();
        var other = Host(NewVersion());
        await other.Client.RescheduleAsync("report", TaskTrigger.Every(TimeSpan.FromHours(5)));
        await other.Client.PauseAsync("cleanup");
        var before = await firing.Store.ListAsync(CancellationToken.None);

        await firing.TickAtAsync(T0.AddMinutes(1));
        await firing.TickAtAsync(T0.AddMinutes(2));

        // Nothing written: the rows still have the ETags they had after the runtime changes.
        var after = await firing.Store.ListAsync(CancellationToken.None);
        Assert.Equal(before.Select(r => (r.Id, r.ETag)), after.Select(r => (r.Id, r.ETag)));
        Assert.Equal("every(05:00:00)", after.Single(r => r.Id == "report").Trigger);
        Assert.True(after.Single(r => r.Id == "cleanup").Paused);
    }
}
