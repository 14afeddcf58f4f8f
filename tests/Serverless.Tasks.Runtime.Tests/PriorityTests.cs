using System.Collections.Concurrent;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

public sealed class PriorityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Worker_BacklogOfLowThenHigh_AllHighStartBeforeAnyLow()
    {
        var started = new ConcurrentQueue<string>();
        var task = TestTasks.Define("work", (run, _, _) =>
        {
            started.Enqueue(run.RunId);
            return Task.FromResult<object?>(null);
        });
        var prefix = TaskHost.NewPrefix();
        await using var host = TaskHost.Create(azurite, prefix, [task], o => o.MaxConcurrentRuns = 1);
        var low = new List<string>();
        var high = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            low.Add(await host.Client.EnqueueAsync("work", options: new EnqueueOptions { Priority = TaskPriority.Low, RunId = $"low-{i:D2}" }));
        }

        for (var i = 0; i < 20; i++)
        {
            high.Add(await host.Client.EnqueueAsync("work", options: new EnqueueOptions { Priority = TaskPriority.High, RunId = $"high-{i:D2}" }));
        }

        await host.StartAsync();
        await Poll.UntilAsync(() => started.Count == 40, "all 40 runs started");

        var order = started.ToList();
        var lastHigh = high.Max(order.IndexOf);
        var firstLow = low.Min(order.IndexOf);
        Assert.True(lastHigh < firstLow, $"start order: {string.Join(", ", order)}");
        var run = await host.Client.WaitForEndAsync("low-19", TimeSpan.FromSeconds(10));
        Assert.Equal(TaskPriority.Low, run.Priority);
    }
}
