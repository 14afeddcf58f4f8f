using Serverless.DurableTask.Client;

namespace Serverless.DurableTask.Tests;

public sealed class BasicOrchestrationTests
{
    [Fact]
    public async Task CallActivityAsync_Chain_CompletesWithOutput()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Chain", async (ctx, input) =>
            {
                var a = await ctx.CallActivityAsync<string>("Hello", input);
                var b = await ctx.CallActivityAsync<string>("Hello", a);
                return await ctx.CallActivityAsync<string>("Hello", b);
            })
            .AddActivityFunc<string, string>("Hello", (_, name) => $"Hello {name}"));

        var result = await host.RunAsync("Chain", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello Hello Hello x", result.ReadOutputAs<string>());
        Assert.Equal("x", result.ReadInputAs<string>());
    }

    [Fact]
    public async Task CallActivityAsync_ActivityThrows_OrchestratorCatchesTaskFailedExceptionWithDetails()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Catcher", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallActivityAsync("Boom");
                    return "not failed";
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.TaskName}|{ex.TaskId}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}|{ex.FailureDetails.InnerFailure?.ErrorType}|{ex.FailureDetails.IsCausedBy<InvalidOperationException>()}|{ex.FailureDetails.IsCausedBy<ArgumentException>()}";
                }
            })
            .AddActivityFunc<string, string>("Boom", (_, _) => Throws.Exception<string>(new InvalidOperationException("outer", new FormatException("inner")))));

        var result = await host.RunAsync("Catcher");

        Assert.Equal("Boom|0|System.InvalidOperationException|outer|System.FormatException|True|False", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Orchestrator_UnhandledException_FailedWithFailureDetails()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Unhandled", async (ctx, _) =>
            {
                await ctx.CallActivityAsync("Boom");
                return "unreachable";
            })
            .AddActivityFunc<string, string>("Boom", (_, _) => Throws.Exception<string>(new InvalidOperationException("kaput"))));

        var result = await host.RunAsync("Unhandled");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.NotNull(result.FailureDetails);
        Assert.Equal(typeof(TaskFailedException).FullName, result.FailureDetails.ErrorType);
        Assert.Contains("kaput", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.True(result.FailureDetails.IsCausedBy<TaskFailedException>());
        Assert.Equal(typeof(InvalidOperationException).FullName, result.FailureDetails.InnerFailure?.ErrorType);
        Assert.Equal("kaput", result.FailureDetails.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public async Task ScheduleNew_UnknownOrchestrator_Fails()
    {
        await using var host = await DurableTestHost.StartAsync(_ => { });

        var result = await host.RunAsync("Nope");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("'Nope' is not registered", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivityAsync_UnknownActivity_TaskFailed()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("CallsMissing", async (ctx, _) => await ctx.CallActivityAsync<string>("Missing")));

        var result = await host.RunAsync("CallsMissing");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("'Missing' is not registered", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
