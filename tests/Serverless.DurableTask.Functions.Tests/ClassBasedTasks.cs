using Serverless.DurableTask.Client;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>A class-based orchestrator, registered through [DurableTask].</summary>
[DurableTask(nameof(ShoutOrchestrator))]
public sealed class ShoutOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        await context.CallActivityAsync<string>(nameof(ShoutActivity), input) + "!";
}

/// <summary>A class-based activity with an injected service.</summary>
[DurableTask]
public sealed class ShoutActivity(Greeter greeter) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(greeter.Greet(input).ToUpperInvariant());
}

/// <summary>An HTTP starter that waits for the result.</summary>
public static class WaitingStarter
{
    [Function("shout_and_wait")]
    public static async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shout/{orchestrator}")] HttpRequestData req,
        string orchestrator,
        [DurableClient] DurableTaskClient client)
    {
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, await req.ReadFromJsonAsync<string>());
        var timeout = req.Query["timeout"] is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) : (TimeSpan?)null;
        return await client.WaitForCompletionOrCreateCheckStatusResponseAsync(req, instanceId, timeout);
    }
}
