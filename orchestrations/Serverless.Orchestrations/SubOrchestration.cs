using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations;

/// <summary>A release to roll out, one region after the other.</summary>
public sealed record ReleaseRequest([property: Required] string Version, [property: Required, MinLength(1)] string[] Regions);

/// <summary>One region's part of a release.</summary>
public sealed record RegionDeployment(string Version, string Region);

/// <summary>
/// A sub-orchestration: deploy_release runs deploy_region once per region, in order, each a child instance with its
/// own history and an instance id derived from the parent's (a failed region stops the release).
/// </summary>
public static class SubOrchestration
{
    [Function("deploy_release")]
    public static async Task<List<string>> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var release = context.GetInput<ReleaseRequest>() ?? throw new InvalidOperationException("deploy_release needs a ReleaseRequest input.");
        var results = new List<string>();
        foreach (string region in release.Regions)
        {
            var options = new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}:{region}" };
            results.Add(await context.CallSubOrchestratorAsync<string>("deploy_region", new RegionDeployment(release.Version, region), options));
        }

        return results;
    }

    [Function("deploy_region")]
    public static async Task<string> DeployRegion([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var deployment = context.GetInput<RegionDeployment>() ?? throw new InvalidOperationException("deploy_region needs a RegionDeployment input.");
        string deployed = await context.CallActivityAsync<string>("deploy_to_region", deployment);
        return await context.CallActivityAsync<string>("smoke_test_region", deployed);
    }

    [Function("deploy_to_region")]
    public static string DeployToRegion([ActivityTrigger] RegionDeployment deployment) => $"{deployment.Version}@{deployment.Region}";

    [Function("smoke_test_region")]
    public static string SmokeTestRegion([ActivityTrigger] string deployed) => $"verified:{deployed}";

    [Function("deploy_release_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/deploy_release")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (release, badRequest) = await StartInput.ReadAsync<ReleaseRequest>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("deploy_release", release);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
