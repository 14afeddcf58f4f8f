using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations.Tests;

public sealed class RunBeforeTests
{
    [Fact]
    public async Task RunOrchestrator_Prerequisites_RunInParallelAndConfigureGetsBoth()
    {
        // Each prerequisite waits until the other one has started: run one after the other, they would hit the deadline.
        var deployStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dbStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await TestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<EnvironmentRequest, List<string>>("run_before", (context, _) => RunBefore.RunOrchestrator(context));
            tasks.AddActivityFunc<string, string>("deploy_environment", async (_, name) =>
            {
                deployStarted.TrySetResult();
                await dbStarted.Task.WithDeadline();
                return RunBefore.DeployEnvironment(name);
            });
            tasks.AddActivityFunc<string, string>("prepare_db", async (_, name) =>
            {
                dbStarted.TrySetResult();
                await deployStarted.Task.WithDeadline();
                return RunBefore.PrepareDb(name);
            });
            tasks.AddActivityFunc<string[], string>("configure_environment", (_, prerequisites) => RunBefore.ConfigureEnvironment(prerequisites));
        });

        var instance = await host.RunAsync("run_before", new EnvironmentRequest("staging"));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(
            ["deployed:staging", "db-ready:staging", "configured after deployed:staging + db-ready:staging"],
            instance.ReadOutputAs<List<string>>());
    }
}
