using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations.Tests;

public sealed class RetriesTests
{
    [Fact]
    public async Task RunOrchestrator_TimesOutTwice_RetryHandlerRetriesUntilItSucceeds()
    {
        int attempts = 0;
        await using var host = await StartAsync((_, call) =>
            Interlocked.Increment(ref attempts) <= 2 ? throw new TimeoutException("No answer.") : Retries.CallPartner(call));

        var instance = await host.RunAsync("partner_sync", new PartnerRequest("acme", MaxAttempts: 5, RetryDelaySeconds: 0.01));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(3, attempts);
        Assert.Equal("synced:acme", instance.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RunOrchestrator_TimesOutEveryTime_FailsAfterMaxAttempts()
    {
        int attempts = 0;
        await using var host = await StartAsync((_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new TimeoutException("No answer.");
        });

        var instance = await host.RunAsync("partner_sync", new PartnerRequest("acme", MaxAttempts: 3, RetryDelaySeconds: 0.01));

        instance.AssertStatus(OrchestrationRuntimeStatus.Failed);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task RunOrchestrator_PermanentFailure_NotRetried()
    {
        int attempts = 0;
        await using var host = await StartAsync((_, call) =>
        {
            Interlocked.Increment(ref attempts);
            return Retries.CallPartner(call);
        });

        var instance = await host.RunAsync("partner_sync", new PartnerRequest("unknown", MaxAttempts: 5, RetryDelaySeconds: 0.01));

        instance.AssertStatus(OrchestrationRuntimeStatus.Failed);
        Assert.Equal(1, attempts);
        Assert.Contains("no partner named 'unknown'", instance.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOrchestrator_PartnerDownForAWhile_SampleActivitySucceedsOnALaterAttempt()
    {
        int attempts = 0;
        await using var host = await StartAsync((_, call) =>
        {
            Interlocked.Increment(ref attempts);
            return Retries.CallPartner(call);
        });

        var instance = await host.RunAsync("partner_sync", new PartnerRequest("acme", UnavailableSeconds: 3, MaxAttempts: 60, RetryDelaySeconds: 0.1));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal("synced:acme", instance.ReadOutputAs<string>());
        Assert.InRange(attempts, 2, 60);
    }

    private static Task<Microsoft.DurableTask.Testing.DurableTaskTestHost> StartAsync(Func<TaskActivityContext, PartnerCall, string> callPartner) =>
        TestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<PartnerRequest, string>("partner_sync", (context, _) => Retries.RunOrchestrator(context));
            tasks.AddActivityFunc("call_partner", callPartner);
        });
}
