using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests;

public sealed class CompositionTests
{
    [Fact]
    public async Task ContinueAsNew_Counter_RunsGenerationsWithFreshHistory()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<int, int>("Counter", async (ctx, n) =>
            {
                await ctx.CallActivityAsync<int>("Noop", n);
                if (n < 5)
                {
                    ctx.ContinueAsNew(n + 1);
                }

                return n;
            })
            .AddActivityFunc<int, int>("Noop", (_, n) => n));

        var result = await host.RunAsync("Counter", 0);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(5, result.ReadOutputAs<int>());
        Assert.Equal(5, result.ReadInputAs<int>());
        var history = await host.Store.GetHistoryAsync(result.InstanceId, TestContext.Current.CancellationToken);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Single(history.OfType<TaskScheduledEvent>());
    }

    [Fact]
    public async Task ContinueAsNew_PreserveUnprocessedEvents_CarriesEventsOver()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<int, int>("Summer", async (ctx, sum) =>
            {
                var value = await ctx.WaitForExternalEvent<int>("Add");
                if (value < 0)
                {
                    return sum;
                }

                ctx.ContinueAsNew(sum + value, preserveUnprocessedEvents: true);
                return 0;
            }));
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Summer", 0, ct);
        await host.Client.WaitForInstanceStartAsync(id, ct);

        await host.Client.RaiseEventAsync(id, "Add", 1, ct);
        await host.Client.RaiseEventAsync(id, "Add", 2, ct);
        await host.Client.RaiseEventAsync(id, "Add", 3, ct);
        await host.Client.RaiseEventAsync(id, "Add", -1, ct);

        Assert.Equal(6, (await host.CompleteAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task ContinueAsNew_WithoutPreserve_DropsUnprocessedEvents()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<int, int>("Dropper", async (ctx, generation) =>
            {
                if (generation == 0)
                {
                    await ctx.WaitForExternalEvent<string>("Go");
                    ctx.ContinueAsNew(1, preserveUnprocessedEvents: false);
                    return 0;
                }

                using var cts = new CancellationTokenSource();
                var extra = ctx.WaitForExternalEvent<string>("Extra", cts.Token);
                var timer = ctx.CreateTimer(TimeSpan.FromMilliseconds(200), cts.Token);
                var winner = await Task.WhenAny(extra, timer);
#pragma warning disable CA1849 // Orchestrator code cancels synchronously: CancelAsync runs callbacks off the orchestrator thread.
                cts.Cancel();
#pragma warning restore CA1849
                return winner == extra ? 1 : 2;
            }));
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Dropper", 0, ct);
        await host.Client.WaitForInstanceStartAsync(id, ct);
        await host.Client.RaiseEventAsync(id, "Extra", "lost", ct);
        await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, ct)).OfType<EventRaisedEvent>().Any(), "extra recorded");

        await host.Client.RaiseEventAsync(id, "Go", "go", ct);

        Assert.Equal(2, (await host.CompleteAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_SuccessAndFailure_ReturnOutputAndThrow()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<int, int>("Child", async (ctx, n) =>
            {
                if (n < 0)
                {
                    await ctx.CallActivityAsync("Explode");
                }

                return n * 10 + ctx.Parent!.InstanceId.Length;
            })
            .AddActivityFunc<string, string>("Explode", (_, _) => Throws.Exception<string>(new InvalidOperationException("child broke")))
            .AddOrchestratorFunc<string, string>("Parent", async (ctx, _) =>
            {
                var ok = await ctx.CallSubOrchestratorAsync<int>("Child", 4, new SubOrchestrationOptions { InstanceId = "child-ok" });
                try
                {
                    await ctx.CallSubOrchestratorAsync<int>("Child", -1);
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return $"{ok}|{ex is SubOrchestrationFailedException}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage.Contains("child broke", StringComparison.Ordinal)}";
                }
            }));

        var result = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("parent1"), TestContext.Current.CancellationToken);

        Assert.Equal($"{40 + "parent1".Length}|True|{typeof(TaskFailedException).FullName}|True", (await host.CompleteAsync(result)).ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync("child-ok", TestContext.Current.CancellationToken))!.RuntimeStatus);
    }

    [Fact]
    public async Task FanOutFanIn_ThousandActivities_SumsAll()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<int, long>("FanOut", async (ctx, n) =>
            {
                var tasks = Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<long>("Square", i)).ToList();
                var results = await Task.WhenAll(tasks);
                return results.Sum();
            })
            .AddActivityFunc<int, long>("Square", (_, i) => (long)i * i));

        var result = await host.RunAsync("FanOut", 1000, TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(1, 1000).Sum(i => (long)i * i), result.ReadOutputAs<long>());
    }

    [Fact]
    public async Task WhenAny_FirstOfTwoActivities_Wins()
    {
        var release = new TaskCompletionSource();
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Race", async (ctx, _) =>
            {
                var slow = ctx.CallActivityAsync<string>("Slow");
                var fast = ctx.CallActivityAsync<string>("Fast");
                var winner = await Task.WhenAny(slow, fast);
                return await winner;
            })
            .AddActivityFunc<string, string>("Slow", async (_, _) =>
            {
                await release.Task;
                return "slow";
            })
            .AddActivityFunc<string, string>("Fast", (_, _) => "fast"));

        var result = await host.RunAsync("Race");
        release.SetResult();

        Assert.Equal("fast", result.ReadOutputAs<string>());
    }
}
