using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>Lifecycle tasks: setup once at start before the first tick, ticks get the state, cleanup when the host stops.</summary>
public sealed class LifecycleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task LifecycleTask_SetupOnceBeforeTicks_TicksSeeTheState_CleanupAtStop()
    {
        var probe = new TaskProbe();
        var host = await TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(CacheWarmer)), probe);
        await using (host)
        {
            await Poll.UntilAsync(() => probe.Count("tick") >= 2, "two ticks of the lifecycle task fx_warm");
            Assert.Equal(0, probe.Count("cleanup"));

            await host.StopAsync();
        }

        var setup = Assert.Single(probe.Named("setup"));
        Assert.Equal(0, probe.IndexOf("setup"));
        Assert.All(probe.Named("tick"), tick => Assert.Equal(setup.Detail, tick.Detail));
        var cleanup = Assert.Single(probe.Named("cleanup"));
        Assert.Equal(setup.Detail, cleanup.Detail);
        Assert.Equal("cleanup", probe.Events[^1].Name);
    }

    [Fact]
    public async Task LifecycleTask_SetupFails_HostStartsAndTicksFailWithTheSetupsError()
    {
        await using var host = await TaskHosts.StartAsync(
            azurite, new TaskRegistry().AddLifecycle<BrokenWarmer, CacheState>("fx_broken_warm"), new TaskProbe());

        var runId = await host.Services.GetRequiredService<ITaskClient>().EnqueueAsync("fx_broken_warm", cancellationToken: TestContext.Current.CancellationToken);

        var run = await TaskHosts.WaitForRunAsync(host, runId, TaskRunStatus.DeadLettered);
        Assert.Contains("the cache is unreachable", run.Error?.Message ?? string.Empty, StringComparison.Ordinal);
    }
}
