using System.Collections.Concurrent;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

public sealed class ShutdownTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StopAsync_RunStillRunningAfterGrace_TokenFiresMessageLeftAndNextHostRerunsIt()
    {
        var attempts = new ConcurrentQueue<int>();
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        var task = new TaskDefinition("long", "test", TestTasks.Invoker(async (run, _, ct) =>
        {
            attempts.Enqueue(run.Attempt);
            if (run.Attempt > 1)
            {
                return "second";
            }

            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return null;
        }))
        {
            MaxRetries = 1,
        };
        var prefix = TaskHost.NewPrefix();
        await using var first = await TaskHost.Create(azurite, prefix, [task]).StartAsync();
        var runId = await first.Client.EnqueueAsync("long");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await first.StopAsync(grace: TimeSpan.FromMilliseconds(300));

        Assert.True(cancelled.Task.IsCompleted);
        var left = await first.Client.GetRunAsync(runId);
        Assert.Equal(TaskRunStatus.Running, left!.Status);
        Assert.Equal(1, await EnqueueTests.CountMessagesAsync(first, first.Storage.Names.Queue("default", TaskPriority.Normal)));

        await using var second = await TaskHost.Create(azurite, prefix, [task]).StartAsync();
        var run = await second.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(30));
        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal(2, run.Attempt);
        Assert.Equal("second", run.GetResult<string>());
        Assert.Equal(second.Worker.HostId, run.Host);
    }

    [Fact]
    public async Task Worker_DuplicateMessageOfRunningRun_DeletedWithoutSecondExecution()
    {
        var executions = 0;
        var release = new TaskCompletionSource();
        var task = TestTasks.Define("once", async (_, _, ct) =>
        {
            Interlocked.Increment(ref executions);
            await release.Task.WaitAsync(ct);
            return null;
        });
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [task]).StartAsync();
        var runId = await host.Client.EnqueueAsync("once");
        await Poll.UntilAsync(() => Volatile.Read(ref executions) == 1, "the run started");
        var queue = host.Storage.Queues.GetQueueClient(host.Storage.Names.Queue("default", TaskPriority.Normal));

        await queue.SendMessageAsync(new TaskMessage(runId, "once").ToJson());
        await Poll.UntilAsync(async () => await EnqueueTests.CountMessagesAsync(host, queue.Name) == 1, "the duplicate deleted (only the running run's message left)");
        release.SetResult();

        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));
        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal(1, executions);
    }
}
