using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations.Tests;

public sealed class EtlChainTests
{
    [Fact]
    public async Task RunOrchestrator_Rows_EachStepGetsThePreviousResult()
    {
        List<string>? loadedRows = null;
        await using var host = await TestHost.StartAsync(tasks =>
        {
            Register(tasks);
            tasks.AddActivityFunc<List<string>, int>("load", (_, rows) =>
            {
                loadedRows = rows;
                return EtlChain.Load(rows);
            });
        });

        var instance = await host.RunAsync("etl_chain", new EtlRequest("crm", [" a ", "b"]));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(new EtlResult("crm", 2, 2), instance.ReadOutputAs<EtlResult>());
        Assert.Equal(["A", "B"], loadedRows);
    }

    [Fact]
    public async Task RunOrchestrator_LoadFailsTwice_RetryPolicyRetriesUntilItSucceeds()
    {
        int attempts = 0;
        await using var host = await TestHost.StartAsync(tasks =>
        {
            Register(tasks);
            tasks.AddActivityFunc<List<string>, int>("load", (_, rows) =>
                Interlocked.Increment(ref attempts) <= 2 ? throw new IOException("The target is busy.") : rows.Count);
        });

        var instance = await host.RunAsync("etl_chain", new EtlRequest("crm", ["x"], LoadAttempts: 3, RetryIntervalSeconds: 0.01));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(3, attempts);
        Assert.Equal(1, instance.ReadOutputAs<EtlResult>()!.Loaded);
    }

    [Fact]
    public async Task RunOrchestrator_PoisonRow_FailsAfterEveryAttempt()
    {
        int attempts = 0;
        await using var host = await TestHost.StartAsync(tasks =>
        {
            Register(tasks);
            tasks.AddActivityFunc<List<string>, int>("load", (_, rows) =>
            {
                Interlocked.Increment(ref attempts);
                return EtlChain.Load(rows);
            });
        });

        var instance = await host.RunAsync("etl_chain", new EtlRequest("crm", ["ok", "poison"], LoadAttempts: 2, RetryIntervalSeconds: 0.01));

        instance.AssertStatus(OrchestrationRuntimeStatus.Failed);
        Assert.Equal(2, attempts);
        Assert.Contains("POISON", instance.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    private static void Register(DurableTaskRegistry tasks)
    {
        tasks.AddOrchestratorFunc<EtlRequest, EtlResult>("etl_chain", (context, _) => EtlChain.RunOrchestrator(context));
        tasks.AddActivityFunc<EtlRequest, List<string>>("extract", (_, request) => EtlChain.Extract(request));
        tasks.AddActivityFunc<List<string>, List<string>>("transform", (_, rows) => EtlChain.Transform(rows));
    }
}
