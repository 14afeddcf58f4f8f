using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask;
using Serverless.DurableTask.Client;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>RunBefore/RunAfter chains as durable orchestrations on the Azure Storage durable backend.</summary>
public sealed class ChainTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan ChainTimeout = TimeSpan.FromSeconds(60);

    private static async Task<OrchestrationMetadata> WaitForChainAsync(TestFunctionHost host, string runId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ChainTimeout);
        return await host.Services.GetRequiredService<DurableTaskClient>()
            .WaitForInstanceCompletionAsync($"taskchain-{runId}", getInputsAndOutputs: true, timeout.Token);
    }

    [Fact]
    public async Task RunBefore_TwoPrerequisites_RunInParallelThenTheRoot()
    {
        var probe = new TaskProbe();
        await using var host = await TaskHosts.StartAsync(
            azurite, new TaskRegistry().AddTasksFrom(typeof(DeployChain)), probe, TaskHosts.Settings(azureStorageDurable: true));
        var client = host.Services.GetRequiredService<ITaskClient>();

        var runId = await client.EnqueueAsync("fx_deploy", cancellationToken: TestContext.Current.CancellationToken);

        // The root waits, held, while its prerequisites run (each waits for the other, so none can finish yet).
        var held = await client.GetRunAsync(runId, TestContext.Current.CancellationToken);
        Assert.Equal(TaskRunStatus.Scheduled, held?.Status);
        var chain = await WaitForChainAsync(host, runId);
        Assert.True(chain.RuntimeStatus == OrchestrationRuntimeStatus.Completed, chain.FailureDetails?.ToString());
        var root = await TaskHosts.WaitForRunAsync(host, runId, TaskRunStatus.Succeeded);
        Assert.Equal("deployed", root.GetResult<string>());
        // Each prerequisite finished only after both had started: they ran at the same time; the root ran after both.
        Assert.True(probe.IndexOf("prep_a started") < probe.IndexOf("prep_b done"));
        Assert.True(probe.IndexOf("prep_b started") < probe.IndexOf("prep_a done"));
        Assert.True(probe.IndexOf("deploy") > probe.IndexOf("prep_a done"));
        Assert.True(probe.IndexOf("deploy") > probe.IndexOf("prep_b done"));
        Assert.Equal($"{runId}.before.fx_prep_a", probe.Named("prep_a done").Single().Detail);
        var prepB = await client.GetRunAsync($"{runId}.before.fx_prep_b", TestContext.Current.CancellationToken);
        Assert.Equal(TaskRunStatus.Succeeded, prepB?.Status);
    }

    [Fact]
    public async Task RunAfter_ResultBecomesTheNextTasksParameters()
    {
        var probe = new TaskProbe();
        await using var host = await TaskHosts.StartAsync(
            azurite, new TaskRegistry().AddTasksFrom(typeof(EtlChain)), probe, TaskHosts.Settings(azureStorageDurable: true));
        var client = host.Services.GetRequiredService<ITaskClient>();

        var runId = await client.EnqueueAsync("fx_extract", cancellationToken: TestContext.Current.CancellationToken);

        var chain = await WaitForChainAsync(host, runId);
        Assert.True(chain.RuntimeStatus == OrchestrationRuntimeStatus.Completed, chain.FailureDetails?.ToString());
        Assert.Equal(["42"], probe.Named("transform").Select(e => e.Detail));
        var next = await TaskHosts.WaitForRunAsync(host, $"{runId}.after.fx_transform", TaskRunStatus.Succeeded);
        Assert.Equal(84, next.GetResult<int>());
        Assert.Equal(42, next.Parameters?.GetProperty("rows").GetInt32());
        Assert.Equal(TaskRunStatus.Succeeded, (await client.GetRunAsync(runId, TestContext.Current.CancellationToken))?.Status);
    }

    [Fact]
    public async Task RunAfter_MiddleStepFails_ChainFailsNamingTheStepOnFailureRunsLastStepDoesNot()
    {
        var probe = new TaskProbe();
        await using var host = await TaskHosts.StartAsync(
            azurite, new TaskRegistry().AddTasksFrom(typeof(FailingChain)), probe, TaskHosts.Settings(azureStorageDurable: true));
        var client = host.Services.GetRequiredService<ITaskClient>();

        var runId = await client.EnqueueAsync("fx_ingest", cancellationToken: TestContext.Current.CancellationToken);

        var chain = await WaitForChainAsync(host, runId);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, chain.RuntimeStatus);
        var failure = chain.FailureDetails?.ToString() ?? string.Empty;
        Assert.Contains("fx_clean", failure, StringComparison.Ordinal);
        Assert.Contains("DeadLettered", failure, StringComparison.Ordinal);
        var cleanRunId = $"{runId}.after.fx_clean";
        await Poll.UntilAsync(() => probe.Count("alert") == 1, "the on-failure task fx_alert");
        var alert = probe.Named("alert").Single().Detail.Split('|');
        Assert.Equal(cleanRunId, alert[0]);
        Assert.Equal("fx_clean", alert[1]);
        Assert.Contains("7 rows are not clean", alert[2], StringComparison.Ordinal);
        Assert.Equal(TaskRunStatus.Succeeded, (await client.GetRunAsync(runId, TestContext.Current.CancellationToken))?.Status);
        Assert.Equal(TaskRunStatus.DeadLettered, (await client.GetRunAsync(cleanRunId, TestContext.Current.CancellationToken))?.Status);
        Assert.Null(await client.GetRunAsync($"{cleanRunId}.after.fx_publish", TestContext.Current.CancellationToken));
        Assert.Equal(0, probe.Count("publish"));
    }

    [Fact]
    public async Task RunBefore_PrerequisiteFails_ChainFailsAndTheHeldRootIsAbortedWithTheReason()
    {
        var probe = new TaskProbe();
        var registry = new TaskRegistry()
            .Add("fx_check", _ => throw new InvalidOperationException("the check is red"))
            .Add("fx_ship", context =>
            {
                TaskProbe.Of(context).Record("ship");
                return Task.CompletedTask;
            }, o => o.RunBefore.Add("fx_check"));
        await using var host = await TaskHosts.StartAsync(azurite, registry, probe, TaskHosts.Settings(azureStorageDurable: true));
        var client = host.Services.GetRequiredService<ITaskClient>();

        var runId = await client.EnqueueAsync("fx_ship", cancellationToken: TestContext.Current.CancellationToken);

        var chain = await WaitForChainAsync(host, runId);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, chain.RuntimeStatus);
        Assert.Contains("fx_check", chain.FailureDetails?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var root = await TaskHosts.WaitForRunAsync(host, runId, TaskRunStatus.Aborted);
        Assert.Contains("fx_check", root.Reason ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("the check is red", root.Reason ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(0, probe.Count("ship"));
    }

    [Fact]
    public async Task Enqueue_SameRunIdTwice_StartsOneChainAndRunsTheRootOnce()
    {
        var probe = new TaskProbe();
        await using var host = await TaskHosts.StartAsync(
            azurite, new TaskRegistry().AddTasksFrom(typeof(EtlChain)), probe, TaskHosts.Settings(azureStorageDurable: true));
        var client = host.Services.GetRequiredService<ITaskClient>();
        var options = new EnqueueOptions { RunId = "etl-once" };

        Assert.Equal("etl-once", await client.EnqueueAsync("fx_extract", options: options, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("etl-once", await client.EnqueueAsync("fx_extract", options: options, cancellationToken: TestContext.Current.CancellationToken));

        var chain = await WaitForChainAsync(host, "etl-once");
        Assert.True(chain.RuntimeStatus == OrchestrationRuntimeStatus.Completed, chain.FailureDetails?.ToString());
        Assert.Equal(1, probe.Count("extract"));
        Assert.Equal(1, probe.Count("transform"));
    }
}
