using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>Run-time schedule changes through <see cref="ITaskScheduleClient"/>, seen by the next tick and surviving restarts.</summary>
public sealed class ScheduleClientTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private static readonly TaskTrigger EveryMinute = TaskTrigger.Every(TimeSpan.FromMinutes(1));
    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingTaskClient _tasks = new();
    private readonly string _prefix = SchedulerHost.NewPrefix();

    private SchedulerHost Host(TaskCatalog catalog) => new(azurite, _prefix, catalog, _time, _tasks);

    private static TaskCatalog Catalog() => TestTasks.Catalog(
        TestTasks.Define("tick", EveryMinute),
        TestTasks.Define("report", parametersType: typeof(ReportParams)),
        TestTasks.Define("plain"));

    [Fact]
    public async Task ListSchedules_DeclaredTask_ShowsItsNextRunTime()
    {
        var host = Host(Catalog());
        await host.Declared.UpsertAsync(CancellationToken.None);

        var schedule = Assert.Single(await host.Client.ListSchedulesAsync());

        Assert.Equal(new TaskSchedule { Id = "tick", Task = "tick", Trigger = "every(00:01:00)", NextRunTime = T0.AddMinutes(1), Declared = true },
            schedule with { Parameters = null });
    }

    [Fact]
    public async Task ChangeTask_FiredSchedule_TaskAndParametersChangeInPlaceKeepingTriggerAndLastRun()
    {
        var host = Host(Catalog());
        await host.TickAsync();
        await host.TickAtAsync(T0.AddMinutes(1));
        var fired = (await host.Client.GetScheduleAsync("tick"))!;
        Assert.NotNull(fired.LastRunTime);

        var changed = await host.Client.ChangeTaskAsync("tick", "report", new ReportParams(3, "eu"));

        Assert.Equal(("report", fired.Trigger, fired.LastRunTime, fired.NextRunTime), (changed.Task, changed.Trigger, changed.LastRunTime, changed.NextRunTime));
        Assert.Contains("eu", changed.Parameters!.Value.GetRawText(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<TaskScheduleNotFoundException>(() => host.Client.ChangeTaskAsync("none", "plain"));
    }

    [Fact]
    public async Task Pause_SurvivesARestartAndAnotherHostsTicksDoNotFire()
    {
        var first = Host(Catalog());
        await first.TickAsync();
        var paused = await first.Client.PauseAsync("tick");
        Assert.True(paused.Paused);
        Assert.Null(paused.NextRunTime);

        var second = Host(Catalog());
        Assert.Equal(new ScheduleTick(0, 0, null), await second.TickAtAsync(T0.AddMinutes(5)));

        Assert.Empty(_tasks.Enqueues);
        Assert.True((await second.Client.GetScheduleAsync("tick"))!.Paused);
    }

    [Fact]
    public async Task Resume_OnAnotherHost_TheFiringHostFiresAtTheResumedNextRunTime()
    {
        var firing = Host(Catalog());
        var other = Host(Catalog());
        await firing.TickAsync();

        await other.Client.PauseAsync("tick");
        await firing.TickAtAsync(T0.AddMinutes(1));
        await firing.TickAtAsync(T0.AddMinutes(2));
        Assert.Empty(_tasks.Enqueues);

        var resumed = await other.Client.ResumeAsync("tick");
        Assert.Equal(T0.AddMinutes(3), resumed.NextRunTime);
        // Fire times missed while paused are not run.
        Assert.Equal(new ScheduleTick(0, 0, T0.AddMinutes(3)), await firing.TickAsync());
        await firing.TickAtAsync(T0.AddMinutes(3));

        Assert.Equal("tick@20260101T000300000Z", Assert.Single(_tasks.Enqueues).RunId);
    }

    [Fact]
    public async Task Reschedule_TheNextTickFiresByTheNewTriggerAndItSurvivesARestart()
    {
        var host = Host(Catalog());
        Assert.Equal(T0.AddMinutes(1), (await host.TickAsync()).NextDue);

        var schedule = await host.Client.RescheduleAsync("tick", TaskTrigger.Every(TimeSpan.FromSeconds(10)));

        Assert.Equal("every(00:00:10)", schedule.Trigger);
        Assert.Equal(T0.AddSeconds(10), schedule.NextRunTime);
        Assert.Equal(T0.AddSeconds(10), (await host.TickAsync()).NextDue);
        await host.TickAtAsync(T0.AddSeconds(10));
        Assert.Equal("tick@20260101T000010000Z", Assert.Single(_tasks.Enqueues).RunId);

        // The same code starts again: the runtime change stays.
        var restarted = Host(Catalog());
        await restarted.Declared.UpsertAsync(CancellationToken.None);
        Assert.Equal("every(00:00:10)", (await restarted.Client.GetScheduleAsync("tick"))!.Trigger);
    }

    [Fact]
    public async Task DeclaredTrigger_ChangedInCode_RowTakesTheNewTrigger()
    {
        var before = Host(Catalog());
        await before.Declared.UpsertAsync(CancellationToken.None);
        await before.Client.RescheduleAsync("tick", TaskTrigger.Every(TimeSpan.FromSeconds(10)));

        var deployed = TestTasks.Catalog(TestTasks.Define("tick", TaskTrigger.Cron("0 * * * *")));
        var after = Host(deployed);
        await after.Declared.UpsertAsync(CancellationToken.None);

        var schedule = await after.Client.GetScheduleAsync("tick");
        Assert.Equal("cron(0 * * * *)", schedule!.Trigger);
        Assert.Equal(T0.AddHours(1), schedule.NextRunTime);
    }

    [Fact]
    public async Task DeclaredTrigger_RemovedFromCode_RowIsDeleted()
    {
        await Host(Catalog()).Declared.UpsertAsync(CancellationToken.None);

        var after = Host(TestTasks.Catalog(TestTasks.Define("tick")));
        await after.Declared.UpsertAsync(CancellationToken.None);

        Assert.Empty(await after.Store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Remove_DeclaredSchedule_StaysRemovedUntilItsDeclarationChanges()
    {
        var host = Host(Catalog());
        await host.Declared.UpsertAsync(CancellationToken.None);
        Assert.True(await host.Client.RemoveAsync("tick"));
        Assert.False(await host.Client.RemoveAsync("tick"));
        Assert.Null(await host.Client.GetScheduleAsync("tick"));
        Assert.Empty(await host.Client.ListSchedulesAsync());

        var restarted = Host(Catalog());
        Assert.Equal(new ScheduleTick(0, 0, null), await restarted.TickAsync());
        Assert.Empty(await restarted.Client.ListSchedulesAsync());
        await restarted.TickAtAsync(T0.AddMinutes(5));
        Assert.Empty(_tasks.Enqueues);

        var redeployed = Host(TestTasks.Catalog(TestTasks.Define("tick", TaskTrigger.Every(TimeSpan.FromMinutes(2)))));
        await redeployed.Declared.UpsertAsync(CancellationToken.None);
        Assert.Equal("every(00:02:00)", (await redeployed.Client.GetScheduleAsync("tick"))!.Trigger);
    }

    [Fact]
    public async Task AddSchedule_WithParameters_FiresWithThemAndRemoveDeletesTheRow()
    {
        var host = Host(Catalog());
        await host.TickAsync();

        var added = await host.Client.AddScheduleAsync("weekly-report", "report", TaskTrigger.Every(TimeSpan.FromSeconds(30)), new ReportParams(3));

        Assert.False(added.Declared);
        Assert.Equal(T0.AddSeconds(30), added.NextRunTime);
        Assert.Equal(3, added.Parameters!.Value.GetProperty("pages").GetInt32());
        Assert.Equal(T0.AddSeconds(30), (await host.TickAsync()).NextDue);
        await host.TickAtAsync(T0.AddSeconds(30));
        var run = Assert.Single(_tasks.Enqueues);
        Assert.Equal(("report", "weekly-report@20260101T000030000Z", "weekly-report"), (run.Task, run.RunId, run.Options.ScheduleId));
        Assert.Equal("""{"pages":3,"title":"report"}""", run.Parameters!.Value.GetRawText());

        Assert.True(await host.Client.RemoveAsync("weekly-report"));
        Assert.Null(await host.Store.GetAsync("weekly-report", CancellationToken.None));
    }

    [Fact]
    public async Task AddSchedule_InvalidParameters_ThrowsAndWritesNothing()
    {
        var host = Host(Catalog());

        var ex = await Assert.ThrowsAsync<TaskParametersException>(() =>
            host.Client.AddScheduleAsync("bad", "report", EveryMinute, new ReportParams(99)));

        Assert.Equal("report", ex.Task);
        Assert.Null(await host.Store.GetAsync("bad", CancellationToken.None));
    }

    [Fact]
    public async Task AddSchedule_UnknownTaskOrExistingId_Throws()
    {
        var host = Host(Catalog());
        await host.Client.AddScheduleAsync("mine", "plain", EveryMinute);

        await Assert.ThrowsAsync<TaskNotFoundException>(() => host.Client.AddScheduleAsync("other", "missing", EveryMinute));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.AddScheduleAsync("mine", "plain", EveryMinute));
        Assert.Contains("'mine'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_UnknownSchedule_ThrowNotFoundNamingIt()
    {
        var host = Host(Catalog());

        var ex = await Assert.ThrowsAsync<TaskScheduleNotFoundException>(() => host.Client.PauseAsync("nope"));
        Assert.Equal("nope", ex.ScheduleId);
        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TaskScheduleNotFoundException>(() => host.Client.ResumeAsync("nope"));
        await Assert.ThrowsAsync<TaskScheduleNotFoundException>(() => host.Client.RescheduleAsync("nope", EveryMinute));
        await Assert.ThrowsAsync<TaskScheduleNotFoundException>(() => host.Client.RunNowAsync("nope"));
        Assert.False(await host.Client.RemoveAsync("nope"));
        Assert.Null(await host.Client.GetScheduleAsync("nope"));
    }

    [Fact]
    public async Task RunNow_EnqueuesAFiringWithTheScheduleParameters()
    {
        var host = Host(Catalog());
        await host.Client.AddScheduleAsync("adhoc", "report", EveryMinute, JsonSerializer.SerializeToElement(new { pages = 2 }));

        var runId = await host.Client.RunNowAsync("adhoc");

        var run = Assert.Single(_tasks.Enqueues);
        Assert.Equal((runId, "report", "adhoc"), (run.RunId, run.Task, run.Options.ScheduleId));
        Assert.Null(run.Options.RunId);
        Assert.Equal(2, run.Parameters!.Value.GetProperty("pages").GetInt32());
        Assert.Equal(T0.AddMinutes(1), (await host.Client.GetScheduleAsync("adhoc"))!.NextRunTime);
    }
}
