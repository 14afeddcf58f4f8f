using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>The scheduler with the real task client and worker: fired runs execute, misfires are stored Skipped.</summary>
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private readonly string _prefix = SchedulerHost.NewPrefix();
    private readonly ConcurrentQueue<string> _executed = new();

    private TaskDefinition Recorded(string name, TaskTrigger trigger, bool coalesce = true, TimeSpan? grace = null) =>
        new(name, "test", (run, _, _, _, _, _) =>
        {
            _executed.Enqueue(run.RunId);
            return Task.FromResult<JsonElement?>(null);
        })
        {
            Trigger = trigger,
            Coalesce = coalesce,
            MisfireGraceTime = grace,
            MaxInstances = 0,
        };

    [Fact]
    public async Task Scheduler_OutageWithGrace_RunsTheOnTimeOnesAndStoresTheMisfiresSkipped()
    {
        var catalog = TestTasks.Catalog(Recorded("etl", TaskTrigger.Every(TimeSpan.FromMinutes(1)), coalesce: false, grace: TimeSpan.FromSeconds(100)));
        await using var runtime = await RuntimeHost.StartAsync(azurite, _prefix, catalog);
        var time = new FakeTimeProvider(T0);
        await using var scheduler = new SchedulerHost(azurite, _prefix, catalog, time, runtime.Tasks);
        await scheduler.Declared.UpsertAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(3).Add(TimeSpan.FromSeconds(30)));
        await scheduler.StartAsync();
        await scheduler.WaitingAsync();

        var skipped = await runtime.Tasks.GetRunAsync("etl@20260101T000100000Z");
        Assert.Equal(TaskRunStatus.Skipped, skipped!.Status);
        Assert.Equal("misfired: 150s late, grace 100s", skipped.Reason);
        Assert.Equal("etl", skipped.ScheduleId);
        foreach (var runId in new[] { "etl@20260101T000200000Z", "etl@20260101T000300000Z" })
        {
            var run = await runtime.WaitForRunAsync(runId, r => r.Status == TaskRunStatus.Succeeded, $"run {runId} to succeed");
            Assert.Equal("etl", run.ScheduleId);
        }

        Assert.Equal(["etl@20260101T000200000Z", "etl@20260101T000300000Z"], _executed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scheduler_CrashAfterEnqueueBeforeUpdate_FiresAgainButTheRunExecutesOnce()
    {
        var catalog = TestTasks.Catalog(Recorded("sync", TaskTrigger.Every(TimeSpan.FromMinutes(1))));
        await using var runtime = await RuntimeHost.StartAsync(azurite, _prefix, catalog);
        var time = new FakeTimeProvider(T0);
        await using var scheduler = new SchedulerHost(azurite, _prefix, catalog, time, runtime.Tasks);
        await scheduler.StartAsync();
        await scheduler.AdvanceToWakeAsync();
        await runtime.WaitForRunAsync("sync@20260101T000100000Z", r => r.Status == TaskRunStatus.Succeeded, "the first firing to run");
        await scheduler.StopAsync();

        // As if the host died after the enqueue and before the row update: the row still says 00:01.
        var row = await scheduler.Store.GetAsync("sync", CancellationToken.None);
        Assert.NotNull(await scheduler.Store.UpdateAsync(row! with { NextRunTime = T0.AddMinutes(1), LastRunTime = null }, CancellationToken.None));
        await using var restarted = new SchedulerHost(azurite, _prefix, catalog, time, runtime.Tasks);
        await restarted.StartAsync();
        Assert.Equal(T0.AddMinutes(2), await restarted.WaitingAsync());
        Assert.Equal(1, restarted.Metrics.Fired);

        await restarted.AdvanceToWakeAsync();
        await runtime.WaitForRunAsync("sync@20260101T000200000Z", r => r.Status == TaskRunStatus.Succeeded, "the next firing to run");
        Assert.Equal(["sync@20260101T000100000Z", "sync@20260101T000200000Z"], _executed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scheduler_MaxInstancesRunning_NextFiringIsSkipped()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new TaskDefinition("slow", "test", async (run, _, _, _, _, ct) =>
        {
            _executed.Enqueue(run.RunId);
            await release.Task.WaitAsync(ct);
            return null;
        })
        {
            Trigger = TaskTrigger.Every(TimeSpan.FromMinutes(1)),
            MaxInstances = 1,
        };
        var catalog = TestTasks.Catalog(slow);
        await using var runtime = await RuntimeHost.StartAsync(azurite, _prefix, catalog);
        var time = new FakeTimeProvider(T0);
        await using var scheduler = new SchedulerHost(azurite, _prefix, catalog, time, runtime.Tasks);
        await scheduler.StartAsync();

        await scheduler.AdvanceToWakeAsync();
        await Poll.UntilAsync(() => _executed.Count == 1, "the first firing to start");
        await scheduler.AdvanceToWakeAsync();
        var skipped = await runtime.WaitForRunAsync("slow@20260101T000200000Z", r => r.IsFinished, "the second firing to end");
        release.SetResult();

        Assert.Equal(TaskRunStatus.Skipped, skipped.Status);
        Assert.Equal("max instances (1) running", skipped.Reason);
        await runtime.WaitForRunAsync("slow@20260101T000100000Z", r => r.Status == TaskRunStatus.Succeeded, "the first firing to succeed");
        Assert.Equal(["slow@20260101T000100000Z"], _executed);
    }

    [Fact]
    public async Task AddServerlessTaskScheduler_RealClock_FiresDeclaredScheduleAndRunsSucceed()
    {
        var catalog = TestTasks.Catalog(Recorded("heartbeat", TaskTrigger.Every(TimeSpan.FromSeconds(1))));
        await using var runtime = await RuntimeHost.StartAsync(azurite, _prefix, catalog, services => services.AddServerlessTaskScheduler());

        var schedules = runtime.Services.GetRequiredService<ITaskScheduleClient>();
        Assert.Equal("every(00:00:01)", Assert.Single(await schedules.ListSchedulesAsync()).Trigger);
        await Poll.UntilAsync(() => _executed.Count >= 2, "two heartbeats");
        var run = await runtime.Tasks.GetRunAsync(_executed.First());
        Assert.Equal("heartbeat", run!.ScheduleId);
        Assert.StartsWith("heartbeat@", run.RunId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServerlessTaskScheduler_SchedulerDisabled_UpsertsDeclaredSchedulesButFiresNothing()
    {
        var catalog = TestTasks.Catalog(Recorded("quiet", TaskTrigger.Every(TimeSpan.FromSeconds(1))));
        await using var runtime = await RuntimeHost.StartAsync(azurite, _prefix, catalog, services =>
        {
            services.AddServerlessTaskScheduler();
            services.Configure<TasksOptions>(o => o.SchedulerEnabled = false);
        });

        var schedules = runtime.Services.GetRequiredService<ITaskScheduleClient>();
        Assert.Equal("quiet", Assert.Single(await schedules.ListSchedulesAsync()).Id);
        var hosted = runtime.Services.GetServices<IHostedService>().OfType<SchedulerHostedService>().Single();
        Assert.Null(hosted.Scheduler);
    }
}
