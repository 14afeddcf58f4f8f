using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations;

/// <summary>An environment to set up.</summary>
public sealed record EnvironmentRequest([property: Required] string Name);

/// <summary>
/// run_before: deploy_environment and prepare_db are prerequisites of configure_environment. They run in parallel
/// (Task.WhenAll); configure_environment starts only after both succeeded and gets both results.
/// </summary>
public static class RunBefore
{
    [Function("run_before")]
    public static async Task<List<string>> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var environment = context.GetInput<EnvironmentRequest>() ?? throw new InvalidOperationException("run_before needs an EnvironmentRequest input.");
        Task<string> deploy = context.CallActivityAsync<string>("deploy_environment", environment.Name);
        Task<string> database = context.CallActivityAsync<string>("prepare_db", environment.Name);
        string[] prerequisites = await Task.WhenAll(deploy, database);
        string configured = await context.CallActivityAsync<string>("configure_environment", prerequisites);
        return [.. prerequisites, configured];
    }

    [Function("deploy_environment")]
    public static string DeployEnvironment([ActivityTrigger] string name) => $"deployed:{name}";

    [Function("prepare_db")]
    public static string PrepareDb([ActivityTrigger] string name) => $"db-ready:{name}";

    [Function("configure_environment")]
    public static string ConfigureEnvironment([ActivityTrigger] string[] prerequisites) =>
        $"configured after {string.Join(" + ", prerequisites)}";

    [Function("run_before_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/run_before")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (request, badRequest) = await StartInput.ReadAsync<EnvironmentRequest>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("run_before", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
