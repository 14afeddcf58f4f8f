namespace Serverless.DurableTask.Tests.DocPatterns;

// The fan-out/fan-in sample from the Durable Functions documentation (isolated worker), as written there.
public static class FanOutFanIn
{
    public static async Task Run(TaskOrchestrationContext context)
    {
        var parallelTasks = new List<Task<int>>();

        // Get a list of N work items to process in parallel.
        object[] workBatch = await context.CallActivityAsync<object[]>("F1");
        for (int i = 0; i < workBatch.Length; i++)
        {
            Task<int> task = context.CallActivityAsync<int>("F2", workBatch[i]);
            parallelTasks.Add(task);
        }

        await Task.WhenAll(parallelTasks);

        // Aggregate all N outputs and send the result to F3.
        int sum = parallelTasks.Sum(t => t.Result);
        await context.CallActivityAsync("F3", sum);
    }
}
