using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

public sealed class ConcurrencyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Worker_MaxConcurrencyOne_ThreeRunsAcrossTwoHostsNeverOverlap()
    {
        var running = 0;
        var maxSeen = 0;
        var gate = new Lock();
        TaskDefinition Exclusive() => new("exclusive", "test", TestTasks.Invoker(async (_, _, ct) =>
        {
            lock (gate)
            {
                running++;
                maxSeen = Math.Max(maxSeen, running);
            }

            await Task.Delay(300, ct);
            lock (gate)
            {
                running--;
            }

            return null;
        }))
        {
            MaxConcurrency = 1,
        };
        var prefix = TaskHost.NewPrefix();
        await using var first = await TaskHost.Create(azurite, prefix, [Exclusive()]).StartAsync();
        await using var second = await TaskHost.Create(azurite, prefix, [Exclusive()]).StartAsync();

        var runs = new[] { await first.Client.EnqueueAsync("exclusive"), await first.Client.EnqueueAsync("exclusive"), await first.Client.EnqueueAsync("exclusive") };
        var ended = new List<TaskRun>();
        foreach (var runId in runs)
        {
            ended.Add(await first.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(40)));
        }

        Assert.All(ended, r => Assert.Equal(TaskRunStatus.Succeeded, r.Status));
        Assert.Equal(1, maxSeen);
        var spans = ended.OrderBy(r => r.StartedAt).ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].StartedAt >= spans[i - 1].CompletedAt, $"run {spans[i].RunId} started before {spans[i - 1].RunId} completed");
        }
    }

    [Fact]
    public async Task Worker_ScheduledRunBeyondMaxInstances_SkippedWithReason()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var task = new TaskDefinition("report", "test", TestTasks.Invoker(async (_, _, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
            return null;
        }))
        {
            MaxInstances = 1,
        };
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [task]).StartAsync();

        var firstId = await host.Client.EnqueueAsync("report", options: new EnqueueOptions { ScheduleId = "report", RunId = "report@1" });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var secondId = await host.Client.EnqueueAsync("report", options: new EnqueueOptions { ScheduleId = "report", RunId = "report@2" });
        var second = await host.Client.WaitForEndAsync(secondId, TimeSpan.FromSeconds(20));
        release.SetResult();
        var first = await host.Client.WaitForEndAsync(firstId, TimeSpan.FromSeconds(20));

        Assert.Equal(TaskRunStatus.Skipped, second.Status);
        Assert.Equal("max instances (1) running", second.Reason);
        Assert.Equal(0, second.Attempt);
        Assert.Equal(TaskRunStatus.Succeeded, first.Status);

        // With the slot free again, the next firing runs; an unscheduled run never needs an instance slot.
        var third = await host.Client.WaitForEndAsync(
            await host.Client.EnqueueAsync("report", options: new EnqueueOptions { ScheduleId = "report", RunId = "report@3" }), TimeSpan.FromSeconds(20));
        Assert.Equal(TaskRunStatus.Succeeded, third.Status);
    }
}
