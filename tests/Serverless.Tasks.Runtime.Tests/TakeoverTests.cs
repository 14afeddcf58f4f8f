using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

/// <summary>A run taken over by another host while this one still runs it: this host's late outcome must not overwrite.</summary>
public sealed class TakeoverTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Worker_RunDeadLetteredElsewhereWhileRunningHere_LateOutcomeLeavesRecordDeadLettered(bool fails)
    {
        var release = new TaskCompletionSource();
        var task = new TaskDefinition("slow", "test", TestTasks.Invoker(async (_, _, _) =>
        {
            await release.Task;
            return fails ? throw new InvalidOperationException("late failure") : "late result";
        })) { MaxRetries = fails ? 3 : 0 };
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [task]).StartAsync();
        var runId = await host.Client.EnqueueAsync("slow");
        await Poll.UntilAsync(async () => (await host.Client.GetRunAsync(runId))?.Status == TaskRunStatus.Running, "the run running");

        // What another host does when this host's message showed again: the run failed as interrupted and dead-lettered.
        await host.Client.Store.UpdateAsync(runId, c => c with
        {
            MessageId = "other-message",
            Run = c.Run with { Status = TaskRunStatus.DeadLettered, Reason = "interrupted (other host)", CompletedAt = DateTimeOffset.UtcNow },
        }, CancellationToken.None);
        release.SetResult();
        await Poll.UntilAsync(() => host.Worker.RunningCount == 0, "the late attempt ended");

        var run = await host.Client.GetRunAsync(runId);
        Assert.Equal(TaskRunStatus.DeadLettered, run!.Status);
        Assert.Equal("interrupted (other host)", run.Reason);
        Assert.Null(run.Result);
    }
}
