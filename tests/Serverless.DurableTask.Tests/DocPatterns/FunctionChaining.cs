using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.Tests.DocPatterns;

// The function-chaining sample from the Durable Functions documentation (isolated worker), as written there; only the
// usings differ. [Function]/[OrchestrationTrigger]/[ActivityTrigger] bindings belong to the function host, so the
// test registers these methods by name instead.
public static class HelloCities
{
    public static async Task<List<string>> RunOrchestrator(
        TaskOrchestrationContext context)
    {
        ILogger logger = context.CreateReplaySafeLogger(nameof(HelloCities));
        logger.LogInformation("Saying hello.");
        var outputs = new List<string>();

        // Replace name and input with values relevant for your Durable Functions Activity
        outputs.Add(await context.CallActivityAsync<string>(nameof(SayHello), "Tokyo"));
        outputs.Add(await context.CallActivityAsync<string>(nameof(SayHello), "Seattle"));
        outputs.Add(await context.CallActivityAsync<string>(nameof(SayHello), "London"));

        // returns ["Hello Tokyo!", "Hello Seattle!", "Hello London!"]
        return outputs;
    }

    public static string SayHello(string name)
    {
        return $"Hello {name}!";
    }
}
