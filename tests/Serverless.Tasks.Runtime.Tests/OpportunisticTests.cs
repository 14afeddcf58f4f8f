using Microsoft.Extensions.DependencyInjection;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

public sealed class OpportunisticTests(AzuriteFixture azurite)
{
    private sealed class FakeCapacity : IHostCapacity
    {
        private int _asked;

        public volatile bool Idle;

        public int Asked => Volatile.Read(ref _asked);

        public bool HasIdleCapacity(double memoryGiB)
        {
            Interlocked.Increment(ref _asked);
            return Idle;
        }
    }

    [Fact]
    public async Task Worker_HostBusy_OpportunisticRunWaitsWhileNormalRunsProceedThenRunsWhenIdle()
    {
        var capacity = new FakeCapacity();
        var backfill = new TaskDefinition("backfill", "test", TestTasks.Invoker((_, _, _) => Task.FromResult<object?>("filled")))
        {
            Opportunistic = true,
            MemoryGiB = 2,
        };
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [backfill, TestTasks.NoOp("normal")],
            services: s => s.AddSingleton<IHostCapacity>(capacity)).StartAsync();

        var backfillId = await host.Client.EnqueueAsync("backfill");
        var normal = await host.Client.WaitForEndAsync(await host.Client.EnqueueAsync("normal"), TimeSpan.FromSeconds(20));
        var askedBefore = capacity.Asked;
        await Poll.UntilAsync(() => capacity.Asked >= askedBefore + 3, "the worker asked for idle capacity three more times");

        Assert.Equal(TaskRunStatus.Succeeded, normal.Status);
        Assert.Equal(TaskRunStatus.Queued, (await host.Client.GetRunAsync(backfillId))!.Status);
        Assert.Equal(1, await EnqueueTests.CountMessagesAsync(host, host.Storage.Names.IdleQueue("default")));

        capacity.Idle = true;
        var run = await host.Client.WaitForEndAsync(backfillId, TimeSpan.FromSeconds(20));
        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal("filled", run.GetResult<string>());
    }

    [Fact]
    public async Task HostCapacity_MeasuresThisMachine_BusyUntilMeasuredThenByThresholdAndMemory()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new TasksOptions { OpportunisticCpuThreshold = 0.01, OpportunisticCheckInterval = TimeSpan.FromMilliseconds(100) };
        var capacity = new HostCapacity(Microsoft.Extensions.Options.Options.Create(options), time);

        Assert.False(capacity.HasIdleCapacity(memoryGiB: 0.001));
        Assert.Equal(1, capacity.CpuUse);

        // Burn a core for 200 ms between two measures: above a 1% threshold the host is busy.
        await Task.Run(() =>
        {
            var burning = System.Diagnostics.Stopwatch.StartNew();
            while (burning.ElapsedMilliseconds < 200)
            {
                Thread.SpinWait(1000);
            }
        });
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(capacity.HasIdleCapacity(memoryGiB: 0.001));
        Assert.InRange(capacity.CpuUse, 0.01, 1);

        options.OpportunisticCpuThreshold = 1;
        Assert.True(capacity.HasIdleCapacity(memoryGiB: 0.001));
        Assert.False(capacity.HasIdleCapacity(memoryGiB: 1_000_000));
    }
}
