using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations.Tests;

public sealed class FanOutFanInTests
{
    [Theory]
    [InlineData(new[] { "a", "bb", "ccc", "dddd" }, 10)]
    [InlineData(new string[0], 0)]
    public async Task RunOrchestrator_Items_SumsEveryMeasurement(string[] items, int expected)
    {
        int calls = 0;
        await using var host = await TestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<string[], int>("fan_out_fan_in", (context, _) => FanOutFanIn.RunOrchestrator(context));
            tasks.AddActivityFunc<string, int>("measure_item", (_, item) =>
            {
                Interlocked.Increment(ref calls);
                return FanOutFanIn.MeasureItem(item);
            });
        });

        var instance = await host.RunAsync("fan_out_fan_in", items);

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(expected, instance.ReadOutputAs<int>());
        Assert.Equal(items.Length, calls);
    }
}
