using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations.Tests;

public sealed class EternalMonitorTests
{
    [Fact]
    public async Task RunOrchestrator_StopAfterThreeChecks_ContinuesAsNewWithTheStateThenCompletes()
    {
        int checks = 0;
        await using var host = await TestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<MonitorState, MonitorState>("monitor", (context, _) => EternalMonitor.RunOrchestrator(context));
            tasks.AddActivityFunc<string, string>("check_target", (_, target) =>
            {
                Interlocked.Increment(ref checks);
                return EternalMonitor.CheckTarget(target);
            });
        });

        var instance = await host.RunAsync("monitor", new MonitorState("db", IntervalSeconds: 0.05, StopAfterChecks: 3));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(3, checks);
        Assert.Equal(new MonitorState("db", 0.05, 3, "healthy:db", 3), instance.ReadOutputAs<MonitorState>());
        // The last execution started from the state the previous one handed to ContinueAsNew.
        Assert.Equal(2, instance.ReadInputAs<MonitorState>()!.Checks);
        Assert.Equal(3, instance.ReadCustomStatusAs<MonitorState>()!.Checks);
    }
}
