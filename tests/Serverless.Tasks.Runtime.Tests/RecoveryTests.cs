using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

/// <summary>Messages that show in states a crash or the 7-day visibility limit leave behind.</summary>
public sealed class RecoveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Worker_MessageShowsBeforeDueTime_HiddenAgainAndRunNotStarted()
    {
        var ran = false;
        var task = TestTasks.Define("far", (_, _, _) =>
        {
            ran = true;
            return Task.FromResult<object?>(null);
        });
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [task]).StartAsync();
        var runId = await host.Client.EnqueueAsync("far", options: new EnqueueOptions { DueTime = DateTimeOffset.UtcNow.AddDays(10) });
        var queue = host.Storage.Queues.GetQueueClient(host.Storage.Names.Queue("default", TaskPriority.Normal));

        // What a 7-day visibility leaves for a run due in 10 days: a visible message, early.
        await queue.SendMessageAsync(new TaskMessage(runId, "far").ToJson());
        await Poll.UntilAsync(async () => (await queue.PeekMessagesAsync(32)).Value.Length == 0, "the early message hidden again");

        var run = await host.Client.GetRunAsync(runId);
        Assert.Equal(TaskRunStatus.Scheduled, run!.Status);
        Assert.Equal(0, run.Attempt);
        Assert.False(ran);
    }

    [Fact]
    public async Task Worker_RecordLeftFailedByACrash_FailureHandlingResumesToDeadLettered()
    {
        var broken = new TaskDefinition("broken", "test", TestTasks.Invoker((_, _, _) => Task.FromResult<object?>(null))) { OnFailure = "alert" };
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [broken, TestTasks.NoOp("alert")]);
        var runId = await host.Client.EnqueueAsync("broken");
        var stored = await host.Client.Store.GetAsync(runId, CancellationToken.None);
        await host.Client.Store.TryUpdateAsync(stored!, stored!.Run with
        {
            Status = TaskRunStatus.Failed,
            Attempt = 1,
            Error = new TaskRunError("System.IO.IOException", "disk full"),
        }, stored.MessageId, held: false, CancellationToken.None);

        await host.StartAsync();
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));
        var alert = await host.Client.WaitForEndAsync(runId + ".on-failure", TimeSpan.FromSeconds(20));

        Assert.Equal(TaskRunStatus.DeadLettered, run.Status);
        Assert.Equal("disk full", run.Error!.Message);
        Assert.Equal(1, run.Attempt);
        Assert.Equal(TaskRunStatus.Succeeded, alert.Status);
        Assert.Equal(runId, alert.Parameters!.Value.GetProperty("runId").GetString());
    }
}
