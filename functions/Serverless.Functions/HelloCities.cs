using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

// Written in the shape of the Durable Functions isolated quickstart (block namespace, an HTTP starter with a
// [DurableClient], an orchestrator, one activity, loggers from the FunctionContext), to show that such a file drops
// into this app as it is and runs: start it with POST (or GET) /api/HelloCities_HttpStart.
namespace Serverless.Functions
{
    public static class HelloCities
    {
        [Function(nameof(HelloCities))]
        public static async Task<List<string>> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        {
            ILogger logger = context.CreateReplaySafeLogger(nameof(HelloCities));
            logger.LogInformation("Greeting three cities.");

            var greetings = new List<string>();
            foreach (string city in new[] { "Tokyo", "Seattle", "London" })
            {
                greetings.Add(await context.CallActivityAsync<string>(nameof(SayHello), city));
            }

            return greetings;
        }

        [Function(nameof(SayHello))]
        public static string SayHello([ActivityTrigger] string city, FunctionContext executionContext)
        {
            ILogger logger = executionContext.GetLogger(nameof(SayHello));
            logger.LogInformation("Greeting {City}.", city);
            return $"Hello {city}!";
        }

        [Function("HelloCities_HttpStart")]
        public static async Task<HttpResponseData> HttpStart(
            [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post")] HttpRequestData req,
            [DurableClient] DurableTaskClient client,
            FunctionContext executionContext)
        {
            ILogger logger = executionContext.GetLogger("HelloCities_HttpStart");
            string instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloCities));
            logger.LogInformation("Started HelloCities instance {InstanceId}.", instanceId);
            return await client.CreateCheckStatusResponseAsync(req, instanceId);
        }
    }
}
