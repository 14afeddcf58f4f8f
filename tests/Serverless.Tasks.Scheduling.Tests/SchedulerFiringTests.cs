using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>The ticker on Azurite with a fake clock: firing, outages (misfire, coalesce), one-shot triggers, failures.</summary>
public sealed class SchedulerFiringTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingTaskClient _tasks = new();
    private readonly string _prefix = SchedulerHost.NewPrefix();

    private SchedulerHost Host(TaskCatalog catalog, SchedulerSettings? settings = null) => new(azurite, _prefix, catalog, _time, _tasks, settings);

    [Fact]
    public async Task FireDueAsync_NothingDue_FiresNothingAndReportsTheNextDueTime()
    {
        var host = Host(TestTasks.Catalog(TestTasks.Define("tick", TaskTrigger.Every(TimeSpan.FromMinutes(1)))));

        Assert.Equal(new ScheduleTick(0, 0, T0.AddMinutes(1)), await host.TickAsync());
        Assert.Equal(new ScheduleTick(0, 0, T0.AddMinutes(1)), await host.TickAtAsync(T0.AddSeconds(59)));

        Assert.Empty(_tasks.Enqueues);
    }

    [Fact]
    public async Task FireDueAsync_IntervalTrigger_FiresAtEachFireTimeWithDeterministicRunIds()
    {
        var host = Host(TestTasks.Catalog(TestTasks.Define("tick", TaskTrigger.Every(TimeSpan.FromMinutes(1)))));
        await host.TickAsync();

        Assert.Equal(new ScheduleTick(1, 0, T0.AddMinutes(2)), await host.TickAtAsync(T0.AddMinutes(1)));
        Assert.Equal(new ScheduleTick(1, 0, T0.AddMinutes(3)), await host.TickAtAsync(T0.AddMinutes(2).AddMilliseconds(700)));

        Assert.Equal(["tick@20260101T000100000Z", "tick@20260101T000200000Z"], _tasks.Enqueues.Select(e => e.RunId));
        Assert.All(_tasks.Enqueues, e =>
        {
            Assert.Equal("tick", e.Task);
            Assert.Equal("tick", e.Options.ScheduleId);
            Assert.Null(e.Options.SkippedReason);
            Assert.Null(e.Options.Delay);
        });
        // Due at the fire time, not at the moment the tick enqueued it.
        Assert.Equal([T0.AddMinutes(1), T0.AddMinutes(2)], _tasks.Enqueues.Select(e => e.Options.DueTime));
        var schedule = await host.Client.GetScheduleAsync("tick");
        Assert.Equal(T0.AddMinutes(3), schedule!.NextRunTime);
        Assert.Equal(T0.AddMinutes(2), schedule.LastRunTime);
    }

    [Fact]
    public async Task FireDueAsync_ManySchedulesDueTogether_FiresEachOnceInOneTick()
    {
        var tasks = Enumerable.Range(0, 40).Select(i => TestTasks.Define($"t{i:00}", TaskTrigger.Every(TimeSpan.FromSeconds(1)))).ToArray();
        var host = Host(TestTasks.Catalog(tasks));
        await host.TickAsync();

        Assert.Equal(new ScheduleTick(40, 0, T0.AddSeconds(2)), await host.TickAtAsync(T0.AddSeconds(1)));
        Assert.Equal(new ScheduleTick(40, 0, T0.AddSeconds(3)), await host.TickAtAsync(T0.AddSeconds(2)));

        var runIds = _tasks.Enqueues.Select(e => e.RunId).ToList();
        Assert.Equal(80, runIds.Count);
        Assert.Equal(80, runIds.Distinct().Count());
        Assert.All(await host.Client.ListSchedulesAsync(), s => Assert.Equal(T0.AddSeconds(3), s.NextRunTime));
    }

    [Fact]
    public async Task FireDueAsync_CronTrigger_FiresAtTheCronTimes()
    {
        var host = Host(TestTasks.Catalog(TestTasks.Define("cron", TaskTrigger.Cron("30 */2 * * * *"))));

        Assert.Equal(T0.AddSeconds(30), (await host.TickAsync()).NextDue);
        Assert.Equal(T0.AddMinutes(2).AddSeconds(30), (await host.TickAtAsync(T0.AddSeconds(30))).NextDue);
        Assert.Equal(T0.AddMinutes(4).AddSeconds(30), (await host.TickAtAsync(T0.AddMinutes(2).AddSeconds(30))).NextDue);

        Assert.Equal(["cron@20260101T000030000Z", "cron@20260101T000230000Z"], _tasks.Enqueues.Select(e => e.RunId));
    }

    [Fact]
    public async Task FireDueAsync_CronInATimeZoneOverADstChange_FiresAtTheLocalTime()
    {
        // 02:30 Berlin time does not exist on 2026-03-29 (clocks go from 02:00 to 03:00).
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero));
        var host = Host(TestTasks.Catalog(TestTasks.Define("nightly", TaskTrigger.Cron("0 9 * * *", berlin))));
        await host.TickAsync();

        var before = await host.TickAtAsync(new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero));
        var after = await host.TickAtAsync(before.NextDue!.Value);

        // 09:00 local is 08:00 UTC before the change (CET) and 07:00 UTC after it (CEST).
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero), before.NextDue);
        Assert.Equal(["nightly@20260328T080000000Z", "nightly@20260329T070000000Z"], _tasks.Enqueues.Select(e => e.RunId));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), after.NextDue);
    }

    [Fact]
    public async Task FireDueAsync_EveryWithAnEndDate_StopsAfterTheEnd()
    {
        var host = Host(TestTasks.Catalog(TestTasks.Define("short", TaskTrigger.Every(TimeSpan.FromMinutes(1), end: T0.AddMinutes(2)))));
        await host.TickAsync();

        await host.TickAtAsync(T0.AddMinutes(1));
        var last = await host.TickAtAsync(T0.AddMinutes(2));
        var later = await host.TickAtAsync(T0.AddMinutes(10));

        Assert.Equal(["short@20260101T000100000Z", "short@20260101T000200000Z"], _tasks.Enqueues.Select(e => e.RunId));
        Assert.Equal(new ScheduleTick(1, 0, null), last);
        Assert.Equal(new ScheduleTick(0, 0, null), later);
    }

    [Fact]
    public async Task FireDueAsync_Jitter_DelaysEachRunByAtMostTheJitter()
    {
        var jitter = TimeSpan.FromSeconds(20);
        var host = Host(TestTasks.Catalog(TestTasks.Define("jittery", TaskTrigger.Every(TimeSpan.FromMinutes(1), jitter: jitter))));
        await host.TickAsync();

        for (var i = 1; i <= 5; i++)
        {
            await host.TickAtAsync(T0.AddMinutes(i));
        }

        Assert.Equal(5, _tasks.Enqueues.Count);
        // Each run is due at its fire time plus a random jitter of at most the trigger's.
        var jitters = _tasks.Enqueues.Select((e, i) => e.Options.DueTime!.Value - T0.AddMinutes(i + 1)).ToList();
        Assert.All(jitters, j => Assert.InRange(j, TimeSpan.Zero, jitter));
        Assert.Contains(jitters, j => j > TimeSpan.Zero);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 5)]
    public async Task FireDueAsync_AfterOutage_CoalescesOrFiresEachMissedTime(bool coalesce, int expectedRuns)
    {
        var host = Host(TestTasks.Catalog(TestTasks.Define("report", TaskTrigger.Every(TimeSpan.FromMinutes(1)), coalesce)));
        await host.TickAsync();

        // No tick for 5 fire times.
        var tick = await host.TickAtAsync(T0.AddMinutes(5).AddSeconds(10));

        Assert.Equal(new ScheduleTick(expectedRuns, 0, T0.AddMinutes(6)), tick);
        var runs = _tasks.Enqueues.Select(e => e.RunId).ToList();
        Assert.Equal(expectedRuns, runs.Count);
        Assert.Equal("report@20260101T000500000Z", runs.Order(StringComparer.Ordinal).Last());
        Assert.Equal(runs.Count, runs.Distinct().Count());
        Assert.All(_tasks.Enqueues, e => Assert.Null(e.Options.SkippedReason));
        Assert.Equal(T0.AddMinutes(5), (await host.Client.GetScheduleAsync("report"))!.LastRunTime);
    }

    [Fact]
    public async Task FireDueAsync_AfterOutageWithGrace_WritesTooLateFireTimesSkipped()
    {
        var host = Host(TestTasks.Catalog(TestTasks.Define("graced", TaskTrigger.Every(TimeSpan.FromMinutes(1)), coalesce: false,
            misfireGraceTime: TimeSpan.FromSeconds(100))));
        await host.TickAsync();

        var tick = await host.TickAtAsync(T0.AddMinutes(3).AddSeconds(30));

        Assert.Equal(new ScheduleTick(2, 1, T0.AddMinutes(4)), tick);
        Assert.Equal(
            [
                ("graced@20260101T000100000Z", "misfired: 150s late, grace 100s"),
                ("graced@20260101T000200000Z", null),
                ("graced@20260101T000300000Z", null),
            ],
            _tasks.Enqueues.OrderBy(e => e.RunId, StringComparer.Ordinal).Select(e => (e.RunId, e.Options.SkippedReason)));
        Assert.Contains(host.Logger.Entries, e => e.Level == LogLevel.Warning &&
            e.Message == "Schedule 'graced' skipped task 'graced' for 2026-01-01T00:01:00.0000000+00:00 (run 'graced@20260101T000100000Z'): misfired: 150s late, grace 100s.");
    }

    [Fact]
    public async Task FireDueAsync_OneShot_FiresOnceThenHasNoNextRunTime()
    {
        var at = T0.AddMinutes(10);
        var host = Host(TestTasks.Catalog(TestTasks.Define("once", TaskTrigger.At(at))));
        Assert.Equal(at, (await host.TickAsync()).NextDue);

        Assert.Equal(new ScheduleTick(1, 0, null), await host.TickAtAsync(at));
        Assert.Equal(new ScheduleTick(0, 0, null), await host.TickAtAsync(at.AddHours(1)));

        Assert.Equal("once@20260101T001000000Z", Assert.Single(_tasks.Enqueues).RunId);
        var schedule = await host.Client.GetScheduleAsync("once");
        Assert.Null(schedule!.NextRunTime);
        Assert.Equal(at, schedule.LastRunTime);
    }

    [Fact]
    public async Task FireDueAsync_EnqueueFails_HoldsTheRowBackForTheRetryDelayThenFiresTheSameRunId()
    {
        var host = Host(TestTasks.Catalog(TestTasks.Define("flaky", TaskTrigger.Every(TimeSpan.FromMinutes(1)))),
            new SchedulerSettings { RetryDelay = TimeSpan.FromSeconds(30) });
        await host.TickAsync();
        var failures = 1;
        _tasks.Fail = _ => Interlocked.Decrement(ref failures) >= 0 ? new InvalidOperationException("storage down") : null;

        // The row stays due and is held back for the retry delay (of the fake clock).
        Assert.Equal(new ScheduleTick(0, 0, T0.AddMinutes(1).AddSeconds(30)), await host.TickAtAsync(T0.AddMinutes(1)));
        Assert.Equal(new ScheduleTick(0, 0, T0.AddMinutes(1).AddSeconds(30)), await host.TickAtAsync(T0.AddMinutes(1).AddSeconds(29)));
        Assert.Empty(_tasks.Enqueues);
        Assert.Equal(T0.AddMinutes(1), (await host.Client.GetScheduleAsync("flaky"))!.NextRunTime);

        Assert.Equal(new ScheduleTick(1, 0, T0.AddMinutes(2)), await host.TickAtAsync(T0.AddMinutes(1).AddSeconds(30)));
        Assert.Equal("flaky@20260101T000100000Z", Assert.Single(_tasks.Enqueues).RunId);
        Assert.Equal(T0.AddMinutes(2), (await host.Client.GetScheduleAsync("flaky"))!.NextRunTime);
    }

    [Fact]
    public async Task FireDueAsync_OneRowAlwaysFails_TheOtherRowsKeepFiringAndTheErrorNamesTheRow()
    {
        var catalog = TestTasks.Catalog(Enumerable.Range(0, 5)
            .Select(i => TestTasks.Define($"t{i}", TaskTrigger.Every(TimeSpan.FromMinutes(1))))
            .Append(TestTasks.Define("broken", TaskTrigger.Every(TimeSpan.FromMinutes(1))))
            .ToArray());
        // One firing at a time: without the per-row catch the broken row's error ends the tick for the rows after it.
        var host = Host(catalog, new SchedulerSettings { MaxParallelFirings = 1, RetryDelay = TimeSpan.FromHours(1) });
        _tasks.Fail = e => e.Task == "broken" ? new ArgumentException($"Run id '{e.RunId}' is not valid.") : null;
        await host.TickAsync();

        await host.TickAtAsync(T0.AddMinutes(1));
        await host.TickAtAsync(T0.AddMinutes(2));

        Assert.Equal(10, _tasks.Enqueues.Count);
        Assert.DoesNotContain(_tasks.Enqueues, e => e.Task == "broken");
        var schedules = await host.Client.ListSchedulesAsync();
        Assert.All(schedules.Where(s => s.Id != "broken"), s => Assert.Equal(T0.AddMinutes(3), s.NextRunTime));
        Assert.Equal(T0.AddMinutes(1), schedules.Single(s => s.Id == "broken").NextRunTime);
        var error = Assert.Single(host.Logger.Entries, e => e.Level == LogLevel.Error);
        Assert.StartsWith("Schedule 'broken' could not fire task 'broken'; it is tried again at the first tick from 2026-01-01T01:01:00",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FireDueAsync_RowWithAnUnreadableTriggerOrUnknownTask_IsLoggedOnceAndNotFired()
    {
        var host = Host(TestTasks.Catalog(TestTasks.Define("tick", TaskTrigger.Every(TimeSpan.FromMinutes(1)))));
        await host.TickAsync();
        await host.Store.AddAsync(new ScheduleRow { Id = "bad", Task = "tick", Trigger = "every(sometimes)", NextRunTime = T0.AddSeconds(1) },
            CancellationToken.None);
        await host.Store.AddAsync(new ScheduleRow { Id = "gone", Task = "deleted", Trigger = "every(00:01:00)", NextRunTime = T0.AddSeconds(1) },
            CancellationToken.None);

        await host.TickAtAsync(T0.AddMinutes(1));
        await host.TickAtAsync(T0.AddMinutes(2));

        Assert.Equal(["tick@20260101T000100000Z", "tick@20260101T000200000Z"], _tasks.Enqueues.Select(e => e.RunId));
        var warnings = host.Logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, m => m.StartsWith("Schedule 'bad' is not fired: its trigger 'every(sometimes)' cannot be read", StringComparison.Ordinal));
        Assert.Contains("Schedule 'gone' is not fired: its task 'deleted' is not registered on this host.", warnings);
        Assert.Equal(T0.AddSeconds(1), (await host.Store.GetAsync("bad", CancellationToken.None))!.NextRunTime);
    }
}
