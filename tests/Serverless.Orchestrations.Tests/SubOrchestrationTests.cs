using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations.Tests;

public sealed class SubOrchestrationTests
{
    [Fact]
    public async Task RunOrchestrator_TwoRegions_EachDeployedByItsOwnChildInstance()
    {
        await using var host = await TestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<ReleaseRequest, List<string>>("deploy_release", (context, _) => SubOrchestration.RunOrchestrator(context));
            tasks.AddOrchestratorFunc<RegionDeployment, string>("deploy_region", (context, _) => SubOrchestration.DeployRegion(context));
            tasks.AddActivityFunc<RegionDeployment, string>("deploy_to_region", (_, deployment) => SubOrchestration.DeployToRegion(deployment));
            tasks.AddActivityFunc<string, string>("smoke_test_region", (_, deployed) => SubOrchestration.SmokeTestRegion(deployed));
        });

        var instance = await host.RunAsync("deploy_release", new ReleaseRequest("1.2", ["eu", "us"]));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(["verified:1.2@eu", "verified:1.2@us"], instance.ReadOutputAs<List<string>>());
        var child = await host.Client.GetInstanceAsync($"{instance.InstanceId}:us", getInputsAndOutputs: true, TestContext.Current.CancellationToken);
        Assert.NotNull(child);
        Assert.Equal(("deploy_region", OrchestrationRuntimeStatus.Completed), (child.Name, child.RuntimeStatus));
        Assert.Equal(new RegionDeployment("1.2", "us"), child.ReadInputAs<RegionDeployment>());
    }
}
