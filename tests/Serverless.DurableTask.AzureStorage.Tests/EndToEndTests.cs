using Serverless.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

/// <summary>The durable engine running orchestrations on the Azure Storage backend, on Azurite.</summary>
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chain_OfActivities_CompletesWithOutput()
    {
        await using var host = await AzureEngineHost.StartAsync(azurite, TestHub.NewName(), r => r
            .AddOrchestratorFunc<int, int>("Chain", async (ctx, start) =>
            {
                var value = start;
                for (var i = 0; i < 5; i++)
                {
                    value = await ctx.CallActivityAsync<int>("Double", value);
                }

                return value;
            })
            .AddActivityFunc<int, int>("Double", (_, x) => x * 2));

        var result = await host.RunAsync("Chain", 3);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(96, result.ReadOutputAs<int>());
        Assert.Equal(3, result.ReadInputAs<int>());
    }

    [Fact]
    public async Task FanOutFanIn_Of1000Activities_SumsAllResults()
    {
        await using var host = await AzureEngineHost.StartAsync(azurite, TestHub.NewName(), r => r
            .AddOrchestratorFunc<int, long>("FanOut", async (ctx, n) =>
            {
                var tasks = Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<long>("Square", i)).ToList();
                var results = await Task.WhenAll(tasks);
                return results.Sum();
            })
            .AddActivityFunc<int, long>("Square", (_, x) => (long)x * x), o => o.WorkItemQueueBatchSize = 32);

        var result = await host.RunAsync("FanOut", 1000, TimeSpan.FromSeconds(60));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 1000).Sum(i => (long)i * i), result.ReadOutputAs<long>());
        var history = await host.Backend.GetHistoryAsync(result.InstanceId, Ct);
        Assert.Equal(1000, history.OfType<Engine.Storage.TaskCompletedEvent>().Count());
        Assert.Equal(1000, history.OfType<Engine.Storage.TaskScheduledEvent>().Count());
    }

    [Fact]
    public async Task ExternalEventAndTimer_ResumeTheOrchestration()
    {
        await using var host = await AzureEngineHost.StartAsync(azurite, TestHub.NewName(), r => r
            .AddOrchestratorFunc<string, string>("Approval", async (ctx, _) =>
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
                var approved = await ctx.WaitForExternalEvent<string>("Approve");
                var timedOut = "none";
                try
                {
                    await ctx.WaitForExternalEvent<string>("Never", TimeSpan.FromSeconds(1));
                }
                catch (TaskCanceledException)
                {
                    timedOut = "timeout";
                }

                return $"{approved}|{timedOut}";
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Approval", Ct);
        await host.Client.WaitForInstanceStartAsync(id, Ct);
        await host.Client.RaiseEventAsync(id, "Approve", "yes", Ct);
        var result = await host.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("yes|timeout", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Payloads_Over64KB_FlowThroughInputActivityAndOutput()
    {
        await using var host = await AzureEngineHost.StartAsync(azurite, TestHub.NewName(), r => r
            .AddOrchestratorFunc<string, string>("Big", async (ctx, input) => await ctx.CallActivityAsync<string>("Echo", input + "!"))
            .AddActivityFunc<string, string>("Echo", (_, s) => s + new string('z', 70_000)));

        var input = new string('a', 100_000);
        var result = await host.RunAsync("Big", input);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(input + "!" + new string('z', 70_000), result.ReadOutputAs<string>());
        Assert.Equal(input, result.ReadInputAs<string>());
    }

    [Fact]
    public async Task Client_QueryTerminateAndPurge_WorkOnAzureStorage()
    {
        await using var host = await AzureEngineHost.StartAsync(azurite, TestHub.NewName(), r => r
            .AddOrchestratorFunc<string, string>("Wait", async (ctx, _) => await ctx.WaitForExternalEvent<string>("Go")));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", Ct);
        await host.Client.WaitForInstanceStartAsync(id, Ct);
        await host.Client.TerminateInstanceAsync(id, "stop", Ct);
        var result = await host.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);

        var listed = new List<string>();
        await foreach (var instance in host.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Terminated])))
        {
            listed.Add(instance.InstanceId);
        }

        Assert.Equal([id], listed);
        var purged = await host.Client.PurgeInstanceAsync(id, Ct);
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(id, Ct));
    }
}
