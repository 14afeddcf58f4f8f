using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

public sealed class WakeupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Worker_LocalEnqueueWhileIdle_StartsWithoutWaitingForThePollInterval()
    {
        // On a fake clock the worker's idle wait never ends by itself: only the local client's wakeup starts the runs.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [TestTasks.NoOp("quick")],
            o => o.MaxPollingInterval = TimeSpan.FromMinutes(10), s => s.AddSingleton<TimeProvider>(time)).StartAsync();

        var first = await host.Client.WaitForEndAsync(await host.Client.EnqueueAsync("quick"), TimeSpan.FromSeconds(10));
        var second = await host.Client.WaitForEndAsync(await host.Client.EnqueueAsync("quick"), TimeSpan.FromSeconds(10));

        Assert.Equal(TaskRunStatus.Succeeded, first.Status);
        Assert.Equal(TaskRunStatus.Succeeded, second.Status);
    }
}
