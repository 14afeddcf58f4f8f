using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>The scheduler on Azurite with a fake clock: firing, outages (misfire, coalesce), one-shot triggers.</summary>
public sealed class SchedulerFiringTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingTaskClient _tasks = new();
    private readonly string _prefix = SchedulerHost.NewPrefix();

    private SchedulerHost Host(TaskCatalog catalog) => new(azurite, _prefix, catalog, _time, _tasks);

    [Fact]
    public async Task Scheduler_IntervalTrigger_FiresAtEachFireTimeWithDeterministicRunIds()
    {
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("tick", TaskTrigger.Every(TimeSpan.FromMinutes(1)))));
        await host.StartAsync();

        Assert.Equal(T0.AddMinutes(1), await host.WaitingAsync());
        await host.AdvanceToWakeAsync();
        await host.AdvanceToWakeAsync();

        Assert.Equal(["tick@20260101T000100000Z", "tick@20260101T000200000Z"], _tasks.Enqueues.Select(e => e.RunId));
        Assert.All(_tasks.Enqueues, e =>
        {
            Assert.Equal("tick", e.Task);
            Assert.Equal("tick", e.Options.ScheduleId);
            Assert.Null(e.Options.SkippedReason);
            Assert.Null(e.Options.Delay);
        });
        // Due at the fire time, not at the moment the scheduler enqueued it.
        Assert.Equal([T0.AddMinutes(1), T0.AddMinutes(2)], _tasks.Enqueues.Select(e => e.Options.DueTime));
        var schedule = await host.Client.GetScheduleAsync("tick");
        Assert.Equal(T0.AddMinutes(3), schedule!.NextRunTime);
        Assert.Equal(T0.AddMinutes(2), schedule.LastRunTime);
        Assert.Equal(2, host.Metrics.Fired);
        Assert.Equal(2, host.Metrics.Lateness.Count);
    }

    [Fact]
    public async Task Scheduler_ManySchedulesDueTogether_FiresEachOnceInOnePass()
    {
        var tasks = Enumerable.Range(0, 40).Select(i => TestTasks.Define($"t{i:00}", TaskTrigger.Every(TimeSpan.FromSeconds(1)))).ToArray();
        await using var host = Host(TestTasks.Catalog(tasks));
        await host.StartAsync();

        Assert.Equal(T0.AddSeconds(1), await host.AdvanceToWakeAsync());
        Assert.Equal(T0.AddSeconds(2), await host.AdvanceToWakeAsync());

        var runIds = _tasks.Enqueues.Select(e => e.RunId).ToList();
        Assert.Equal(80, runIds.Count);
        Assert.Equal(80, runIds.Distinct().Count());
        Assert.All((await host.Client.ListSchedulesAsync()), s => Assert.Equal(T0.AddSeconds(3), s.NextRunTime));
    }

    [Fact]
    public async Task Scheduler_CronTrigger_FiresAtTheCronTimes()
    {
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("cron", TaskTrigger.Cron("30 */2 * * * *"))));
        await host.StartAsync();

        Assert.Equal(T0.AddSeconds(30), await host.AdvanceToWakeAsync());
        Assert.Equal(T0.AddMinutes(2).AddSeconds(30), await host.AdvanceToWakeAsync());

        Assert.Equal(["cron@20260101T000030000Z", "cron@20260101T000230000Z"], _tasks.Enqueues.Select(e => e.RunId));
    }

    [Fact]
    public async Task Scheduler_Jitter_DelaysEachRunByAtMostTheJitter()
    {
        var jitter = TimeSpan.FromSeconds(20);
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("jittery", TaskTrigger.Every(TimeSpan.FromMinutes(1), jitter: jitter))));
        await host.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            await host.AdvanceToWakeAsync();
        }

        Assert.Equal(3, _tasks.Enqueues.Count);
        // Each run is due at its fire time plus a random jitter of at most the trigger's.
        var jitters = _tasks.Enqueues.Select((e, i) => e.Options.DueTime!.Value - T0.AddMinutes(i + 1)).ToList();
        Assert.All(jitters, j => Assert.InRange(j, TimeSpan.Zero, jitter));
        Assert.Contains(jitters, j => j > TimeSpan.Zero);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 5)]
    public async Task Scheduler_AfterOutage_CoalescesOrFiresEachMissedTime(bool coalesce, int expectedRuns)
    {
        var catalog = TestTasks.Catalog(TestTasks.Define("report", TaskTrigger.Every(TimeSpan.FromMinutes(1)), coalesce));
        await using (var first = Host(catalog))
        {
            await first.StartAsync();
            Assert.Equal(T0.AddMinutes(1), await first.WaitingAsync());
        }

        // The host is down for 5 fire times.
        _time.Advance(TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(10)));
        await using var second = Host(catalog);
        await second.StartAsync();
        Assert.Equal(T0.AddMinutes(6), await second.WaitingAsync());

        var runs = _tasks.Enqueues.Select(e => e.RunId).ToList();
        Assert.Equal(expectedRuns, runs.Count);
        Assert.Equal("report@20260101T000500000Z", runs[^1]);
        Assert.Equal(runs.Count, runs.Distinct().Count());
        Assert.All(_tasks.Enqueues, e => Assert.Null(e.Options.SkippedReason));
    }

    [Fact]
    public async Task Scheduler_AfterOutageWithGrace_WritesTooLateFireTimesSkipped()
    {
        var catalog = TestTasks.Catalog(TestTasks.Define("graced", TaskTrigger.Every(TimeSpan.FromMinutes(1)), coalesce: false,
            misfireGraceTime: TimeSpan.FromSeconds(100)));
        await using var host = Host(catalog);
        await host.Declared.UpsertAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(3).Add(TimeSpan.FromSeconds(30)));
        await host.StartAsync();
        await host.WaitingAsync();

        Assert.Equal(
            [
                ("graced@20260101T000100000Z", "misfired: 150s late, grace 100s"),
                ("graced@20260101T000200000Z", null),
                ("graced@20260101T000300000Z", null),
            ],
            _tasks.Enqueues.OrderBy(e => e.RunId, StringComparer.Ordinal).Select(e => (e.RunId, e.Options.SkippedReason)));
        Assert.Equal(1, host.Metrics.Skipped);
        Assert.Equal(2, host.Metrics.Fired);
        Assert.Contains(host.Logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning &&
            e.Message == "Schedule 'graced' skipped task 'graced' for 2026-01-01T00:01:00.0000000+00:00 (run 'graced@20260101T000100000Z'): misfired: 150s late, grace 100s.");
    }

    [Fact]
    public async Task Scheduler_OneShot_FiresOnceThenHasNoNextRunTime()
    {
        var at = T0.AddMinutes(10);
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("once", TaskTrigger.At(at))));
        await host.StartAsync();

        Assert.Equal(at, await host.AdvanceToWakeAsync());
        await host.AdvanceToWakeAsync();

        Assert.Equal("once@20260101T001000000Z", Assert.Single(_tasks.Enqueues).RunId);
        var schedule = await host.Client.GetScheduleAsync("once");
        Assert.Null(schedule!.NextRunTime);
        Assert.Equal(at, schedule.LastRunTime);
    }

    [Fact]
    public async Task Scheduler_EnqueueFails_BacksTheRowOffForARefreshIntervalThenFiresTheSameRunId()
    {
        var options = new TasksOptions { StoragePrefix = _prefix, ScheduleRefreshInterval = TimeSpan.FromSeconds(30) };
        await using var host = new SchedulerHost(azurite, _prefix,
            TestTasks.Catalog(TestTasks.Define("flaky", TaskTrigger.Every(TimeSpan.FromMinutes(1)))), _time, _tasks, options);
        var failures = 1;
        _tasks.Fail = _ => Interlocked.Decrement(ref failures) >= 0 ? new InvalidOperationException("storage down") : null;
        await host.StartAsync();

        while (await host.AdvanceToWakeAsync() < T0.AddMinutes(1))
        {
        }

        Assert.Empty(_tasks.Enqueues);
        Assert.True(host.Scheduler.IsLeader);
        // The row stays due and waits one refresh interval (of the fake clock) before it is fired again.
        Assert.Equal(T0.AddMinutes(1).AddSeconds(30), await host.WaitingAsync());
        Assert.Equal(T0.AddMinutes(1), (await host.Client.GetScheduleAsync("flaky"))!.NextRunTime);

        await host.AdvanceToWakeAsync();
        Assert.Equal("flaky@20260101T000100000Z", Assert.Single(_tasks.Enqueues).RunId);
        Assert.Equal(T0.AddMinutes(2), (await host.Client.GetScheduleAsync("flaky"))!.NextRunTime);
    }

    [Fact]
    public async Task Scheduler_OneRowAlwaysFails_TheOtherRowsKeepFiringAndTheErrorNamesTheRow()
    {
        var catalog = TestTasks.Catalog(Enumerable.Range(0, 5)
            .Select(i => TestTasks.Define($"t{i}", TaskTrigger.Every(TimeSpan.FromMinutes(1))))
            .Append(TestTasks.Define("broken", TaskTrigger.Every(TimeSpan.FromMinutes(1))))
            .ToArray());
        // One firing at a time: without the per-row catch the broken row's error ends the pass for the rows after it.
        await using var host = new SchedulerHost(azurite, _prefix, catalog, _time, _tasks,
            settings: new SchedulerSettings { AcquireInterval = TimeSpan.FromMilliseconds(200), MaxParallelFirings = 1 });
        _tasks.Fail = e => e.Task == "broken" ? new ArgumentException($"Run id '{e.RunId}' is not valid.") : null;
        await host.StartAsync();

        Assert.Equal(T0.AddMinutes(1), await host.AdvanceToWakeAsync());
        Assert.Equal(T0.AddMinutes(2), await host.AdvanceToWakeAsync());

        Assert.True(host.Scheduler.IsLeader);
        Assert.Equal(10, _tasks.Enqueues.Count);
        Assert.DoesNotContain(_tasks.Enqueues, e => e.Task == "broken");
        var schedules = await host.Client.ListSchedulesAsync();
        Assert.All(schedules.Where(s => s.Id != "broken"), s => Assert.Equal(T0.AddMinutes(3), s.NextRunTime));
        Assert.Equal(T0.AddMinutes(1), schedules.Single(s => s.Id == "broken").NextRunTime);
        var error = Assert.Single(host.Logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.StartsWith("Schedule 'broken' could not fire task 'broken'; it is tried again at 2026-01-01T01:01:00", error.Message, StringComparison.Ordinal);
    }
}
