using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations;

/// <summary>Fan-out/fan-in: one measure_item activity per item, all in parallel, then the results are summed.</summary>
public static class FanOutFanIn
{
    [Function("fan_out_fan_in")]
    public static async Task<int> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        string[] items = context.GetInput<string[]>() ?? [];
        var measurements = new List<Task<int>>();
        foreach (string item in items)
        {
            measurements.Add(context.CallActivityAsync<int>("measure_item", item));
        }

        int[] sizes = await Task.WhenAll(measurements);
        return sizes.Sum();
    }

    [Function("measure_item")]
    public static int MeasureItem([ActivityTrigger] string item) => item.Length;

    [Function("fan_out_fan_in_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/fan_out_fan_in")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (items, badRequest) = await StartInput.ReadAsync<string[]>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("fan_out_fan_in", items);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
