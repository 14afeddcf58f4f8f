using Microsoft.DurableTask.Client;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>A sub-orchestration per region, each with its own instance. From its HTTP start route to its output.</summary>
public sealed class SubOrchestrationTests(FunctionsApp app)
{
    [Fact]
    public async Task DeployRelease_TwoRegions_RunsAChildInstancePerRegion()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/deploy_release", """{"version":"1.2","regions":["eu","us"]}""");

        var status = await DurableHttp.WaitForEndAsync(client, started);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        Assert.Equal(["verified:1.2@eu", "verified:1.2@us"], status.Get("output").Strings());
        foreach (var region in new[] { "eu", "us" })
        {
            var child = await app.Durable.GetInstanceAsync($"{started.Id}:{region}", getInputsAndOutputs: true);
            Assert.NotNull(child);
            Assert.Equal("deploy_region", child.Name);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
            Assert.Equal($"verified:1.2@{region}", child.ReadOutputAs<string>());
        }
    }
}
