using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations;

/// <summary>An environment to set up.</summary>
public sealed record EnvironmentRequest(string Name);

/// <summary>
/// run_before: deploy_environment and prepare_db run in parallel (Task.WhenAll); configure_environment runs only after both.
/// </summary>
public static class RunBefore
{
    [Function("run_before")]
    public static async Task<List<string>> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var environment = context.GetInput<EnvironmentRequest>() ?? new EnvironmentRequest("dev");
        Task<string> deploy = context.CallActivityAsync<string>("deploy_environment", environment.Name);
        Task<string> database = context.CallActivityAsync<string>("prepare_db", environment.Name);
        string[] before = await Task.WhenAll(deploy, database);
        string configured = await context.CallActivityAsync<string>("configure_environment", before);
        return [.. before, configured];
    }

    [Function("deploy_environment")]
    public static async Task<string> DeployEnvironment([ActivityTrigger] string name, FunctionContext executionContext)
    {
        executionContext.GetLogger("deploy_environment").LogInformation("Deploying {Environment}.", name);
        await Task.Delay(50, executionContext.CancellationToken);
        return $"deployed:{name}";
    }

    [Function("prepare_db")]
    public static async Task<string> PrepareDb([ActivityTrigger] string name, FunctionContext executionContext)
    {
        executionContext.GetLogger("prepare_db").LogInformation("Preparing the database of {Environment}.", name);
        await Task.Delay(50, executionContext.CancellationToken);
        return $"db-ready:{name}";
    }

    [Function("configure_environment")]
    public static string ConfigureEnvironment([ActivityTrigger] string[] completed) =>
        $"configured after {string.Join(" + ", completed)}";

    [Function("run_before_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "run_before")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var request = await req.ReadFromJsonAsync<EnvironmentRequest>() ?? new EnvironmentRequest("dev");
        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("run_before", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
