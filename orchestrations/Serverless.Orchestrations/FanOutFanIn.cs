namespace Serverless.Orchestrations;

/// <summary>Fan-out/fan-in: one activity per item in parallel, then the results are summed.</summary>
public static class FanOutFanIn
{
    [Function("fan_out_fan_in")]
    public static async Task<int> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        string[] items = context.GetInput<string[]>() ?? ["a", "bb", "ccc"];
        var tasks = new List<Task<int>>();
        foreach (string item in items)
        {
            tasks.Add(context.CallActivityAsync<int>("measure_item", item));
        }

        int[] sizes = await Task.WhenAll(tasks);
        return sizes.Sum();
    }

    [Function("measure_item")]
    public static int MeasureItem([ActivityTrigger] string item) => item.Length;

    [Function("fan_out_fan_in_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "fan_out_fan_in")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        string[] items = await req.ReadFromJsonAsync<string[]>() ?? [];
        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("fan_out_fan_in", items);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
