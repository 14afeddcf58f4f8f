using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Serverless.Orchestrations.Tests;

public sealed class ApprovalTests
{
    private readonly TaskCompletionSource<string> requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Theory]
    [InlineData(true, "approved:budget")]
    [InlineData(false, "rejected:budget")]
    public async Task RunOrchestrator_EventBeforeTimeout_ProcessesTheDecision(bool approved, string expected)
    {
        await using var host = await StartAsync();
        string instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync("approval", new ApprovalRequest("budget", TimeoutSeconds: 300), TestContext.Current.CancellationToken);
        Assert.Equal("budget", await requested.Task.WithDeadline());

        await host.Client.RaiseEventAsync(instanceId, Approval.EventName, approved, TestContext.Current.CancellationToken);
        var instance = await host.WaitForCompletionAsync(instanceId);

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(expected, instance.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RunOrchestrator_NoEventBeforeTimeout_Escalates()
    {
        await using var host = await StartAsync();

        var instance = await host.RunAsync("approval", new ApprovalRequest("travel", TimeoutSeconds: 0.2));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal("escalated:travel", instance.ReadOutputAs<string>());
    }

    private Task<DurableTaskTestHost> StartAsync() => TestHost.StartAsync(tasks =>
    {
        tasks.AddOrchestratorFunc<ApprovalRequest, string>("approval", (context, _) => Approval.RunOrchestrator(context));
        tasks.AddActivityFunc<string>("request_approval", (_, subject) => requested.TrySetResult(subject));
        tasks.AddActivityFunc<ApprovalDecision, string>("process_approval", (_, decision) => Approval.ProcessApproval(decision));
        tasks.AddActivityFunc<string, string>("escalate", (_, subject) => Approval.Escalate(subject));
    });
}
