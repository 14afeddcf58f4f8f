using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>
/// The ticker with the real task client (AddServerlessTasksRuntime + AddServerlessTaskScheduler) on Azurite: what a
/// tick leaves behind is run records (Queued, Scheduled, Skipped) and queue messages. Nothing runs in process.
/// </summary>
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly string _prefix = SchedulerHost.NewPrefix();

    private RuntimeHost Host(TaskCatalog catalog) => RuntimeHost.Create(azurite, _prefix, catalog, _time);

    [Fact]
    public async Task FireDueAsync_MisfireGrace_StoresTheTooLateFiringSkippedAndQueuesTheOthers()
    {
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("etl", TaskTrigger.Every(TimeSpan.FromMinutes(1)), coalesce: false,
            misfireGraceTime: TimeSpan.FromSeconds(100))));
        await host.TickAsync();

        _time.Advance(TimeSpan.FromMinutes(3).Add(TimeSpan.FromSeconds(30)));
        Assert.Equal(new ScheduleTick(2, 1, T0.AddMinutes(4)), await host.TickAsync());

        var runs = await host.RunsAsync();
        Assert.Equal(
            [
                ("etl@20260101T000100000Z", TaskRunStatus.Skipped, "misfired: 150s late, grace 100s"),
                ("etl@20260101T000200000Z", TaskRunStatus.Queued, null),
                ("etl@20260101T000300000Z", TaskRunStatus.Queued, null),
            ],
            runs.Select(r => (r.RunId, r.Status, r.Reason)));
        Assert.All(runs, r => Assert.Equal("etl", r.ScheduleId));
        Assert.Equal([T0.AddMinutes(2), T0.AddMinutes(3)], runs.Skip(1).Select(r => r.DueAt));
        var messages = await host.TakeMessagesAsync();
        Assert.Equal(2, messages.Count);
        Assert.DoesNotContain(messages, m => m.Contains("etl@20260101T000100000Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FireDueAsync_NoCoalesceAfterAnOutage_QueuesEachMissedFiringWithTheScheduleParametersAndPriority()
    {
        var report = TestTasks.Define("report", coalesce: false, parametersType: typeof(ReportParams), priority: TaskPriority.High);
        await using var host = Host(TestTasks.Catalog(report));
        await host.Schedules.AddScheduleAsync("hourly-report", "report", TaskTrigger.Every(TimeSpan.FromHours(1)), new ReportParams(4, "hourly"));

        _time.Advance(TimeSpan.FromHours(3).Add(TimeSpan.FromMinutes(5)));
        Assert.Equal(new ScheduleTick(3, 0, T0.AddHours(4)), await host.TickAsync());

        var runs = await host.RunsAsync();
        Assert.Equal(["hourly-report@20260101T010000000Z", "hourly-report@20260101T020000000Z", "hourly-report@20260101T030000000Z"],
            runs.Select(r => r.RunId));
        Assert.All(runs, r =>
        {
            Assert.Equal((TaskRunStatus.Queued, "report", "hourly-report", TaskPriority.High), (r.Status, r.Task, r.ScheduleId, r.Priority));
            Assert.Equal("""{"pages":4,"title":"hourly"}""", r.Parameters!.Value.GetRawText());
        });
        Assert.Equal(3, (await host.TakeMessagesAsync()).Count);
        Assert.Equal(T0.AddHours(3), (await host.Schedules.GetScheduleAsync("hourly-report"))!.LastRunTime);
    }

    [Fact]
    public async Task FireDueAsync_JitteredFiring_IsStoredScheduledUntilItsDueTime()
    {
        var jitter = TimeSpan.FromMinutes(30);
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("spread", TaskTrigger.Every(TimeSpan.FromHours(1), jitter: jitter))));
        await host.TickAsync();

        _time.Advance(TimeSpan.FromHours(1));
        await host.TickAsync();

        var run = Assert.Single(await host.RunsAsync());
        Assert.Equal("spread@20260101T010000000Z", run.RunId);
        Assert.InRange(run.DueAt!.Value, T0.AddHours(1), T0.AddHours(1) + jitter);
        Assert.Equal(run.DueAt > _time.GetUtcNow() ? TaskRunStatus.Scheduled : TaskRunStatus.Queued, run.Status);
    }

    [Fact]
    public async Task FireDueAsync_CrashAfterTheEnqueueBeforeTheRowUpdate_TheNextTickFiresNoDouble()
    {
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("sync", TaskTrigger.Every(TimeSpan.FromMinutes(1)))));
        await host.TickAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await host.TickAsync()).Fired);

        // As if the host died after the enqueue and before the row update: the row still says 00:01.
        var store = host.Services.GetRequiredService<ScheduleStore>();
        var row = await store.GetAsync("sync", CancellationToken.None);
        Assert.NotNull(await store.UpdateAsync(row! with { NextRunTime = T0.AddMinutes(1), LastRunTime = null }, CancellationToken.None));

        // The next tick, at the same time, fires the same run id again: the client has it, nothing is added.
        Assert.Equal(new ScheduleTick(1, 0, T0.AddMinutes(2)), await host.TickAsync());
        var run = Assert.Single(await host.RunsAsync());
        Assert.Equal(("sync@20260101T000100000Z", TaskRunStatus.Queued), (run.RunId, run.Status));
        Assert.Single(await host.TakeMessagesAsync());
        Assert.Equal(T0.AddMinutes(2), (await store.GetAsync("sync", CancellationToken.None))!.NextRunTime);
    }

    [Fact]
    public async Task FireDueAsync_FiringEnqueuedButTheTickDied_TheNextTickStoresAndQueuesItOnce()
    {
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("sync", TaskTrigger.Every(TimeSpan.FromMinutes(1)))));
        await host.TickAsync();
        _time.Advance(TimeSpan.FromMinutes(1));

        // The enqueue part of a tick that died before its row update.
        await host.Tasks.EnqueueAsync("sync", options: new EnqueueOptions
        {
            RunId = ScheduleRunIds.For("sync", T0.AddMinutes(1)),
            ScheduleId = "sync",
            DueTime = T0.AddMinutes(1),
        });
        await host.TickAsync();

        var run = Assert.Single(await host.RunsAsync());
        Assert.Equal(("sync@20260101T000100000Z", TaskRunStatus.Queued, "sync"), (run.RunId, run.Status, run.ScheduleId));
        var message = Assert.Single(await host.TakeMessagesAsync());
        Assert.Contains("sync@20260101T000100000Z", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FireDueAsync_TwoHostsTickingAtOnce_StoreEachFiringExactlyOnce()
    {
        var catalog = TestTasks.Catalog(
            TestTasks.Define("a", TaskTrigger.Every(TimeSpan.FromSeconds(10)), coalesce: false),
            TestTasks.Define("b", TaskTrigger.Every(TimeSpan.FromSeconds(15)), coalesce: false),
            TestTasks.Define("c", TaskTrigger.Every(TimeSpan.FromSeconds(20)), coalesce: false, misfireGraceTime: TimeSpan.FromSeconds(25)));
        await using var first = Host(catalog);
        await using var second = Host(catalog);
        await Task.WhenAll(first.TickAsync(), second.TickAsync());

        // Ticks at 10 s, 20 s, then none until 70 s (an outage), 80 s, 90 s; both hosts tick at every one.
        foreach (var seconds in new[] { 10, 20, 70, 80, 90 })
        {
            _time.SetUtcNow(T0.AddSeconds(seconds));
            await Task.WhenAll(first.TickAsync(), second.TickAsync());
        }

        // a every 10 s, b every 15 s, c every 20 s up to 90 s; c's 40 s firing was 30 s late at the 70 s tick (grace 25 s).
        var expected = Times("a", 10).Concat(Times("b", 15)).Concat(Times("c", 20)).Order(StringComparer.Ordinal);
        var runs = await first.RunsAsync();
        Assert.Equal(expected, runs.Select(r => r.RunId));
        Assert.Equal(["c@20260101T000040000Z"], runs.Where(r => r.Status == TaskRunStatus.Skipped).Select(r => r.RunId));
        var queued = runs.Where(r => r.Status != TaskRunStatus.Skipped).ToList();
        Assert.All(queued, r => Assert.Equal(TaskRunStatus.Queued, r.Status));
        // Every queued run has its message. Messages are not counted: two hosts enqueueing one run id at the same moment
        // may both send it (the client releases a held record it finds), the run record stays the one copy.
        var messages = await first.TakeMessagesAsync();
        Assert.All(queued, r => Assert.Contains(messages, m => m.Contains(r.RunId, StringComparison.Ordinal)));
        var schedules = await first.Schedules.ListSchedulesAsync();
        Assert.Equal([T0.AddSeconds(100), T0.AddSeconds(105), T0.AddSeconds(100)], schedules.Select(s => s.NextRunTime));

        static IEnumerable<string> Times(string schedule, int every) =>
            Enumerable.Range(1, 90 / every).Select(i => ScheduleRunIds.For(schedule, T0.AddSeconds(i * every)));
    }

    [Fact]
    public async Task AddServerlessTaskScheduler_RegistersTheClientAndTheTicker_AndNothingRunsInTheBackground()
    {
        await using var host = Host(TestTasks.Catalog(TestTasks.Define("heartbeat", TaskTrigger.Every(TimeSpan.FromSeconds(1)))));

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Assembly == typeof(TaskScheduleTicker).Assembly);
        // The client applies the declared schedules before its first answer, so they show before the timer first ticks.
        Assert.Equal("every(00:00:01)", Assert.Single(await host.Schedules.ListSchedulesAsync()).Trigger);
        Assert.Same(host.Ticker, host.Services.GetRequiredService<TaskScheduleTicker>());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new ScheduleTick(1, 0, T0.AddSeconds(2)), await host.TickAsync());
        var run = Assert.Single(await host.RunsAsync());
        Assert.Equal(("heartbeat@20260101T000001000Z", "heartbeat", TaskRunStatus.Queued), (run.RunId, run.ScheduleId, run.Status));
    }
}
