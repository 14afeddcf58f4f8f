using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Worker_RenewalFailsTwice_MessageNeverShowsWhileTheRunRuns()
    {
        var prefix = TaskHost.NewPrefix();
        var renewals = 0;
        var policy = new FaultPolicy
        {
            Before = m => FaultPolicy.IsRenewal(m) && Interlocked.Increment(ref renewals) <= 2 ? FaultPolicy.NetworkDown() : null,
        };
        var storage = policy.Storage(azurite.ConnectionString, prefix);
        var running = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var task = TestTasks.Define("long", async (_, _, _) =>
        {
            running.TrySetResult();
            await release.Task;
            return null;
        });
        await using var host = await TaskHost.Create(azurite, prefix, [task], o => o.VisibilityTimeout = TimeSpan.FromSeconds(6),
            s => s.AddSingleton(storage)).StartAsync();
        var queue = host.Storage.Queues.GetQueueClient(host.Storage.Names.Queue("default", TaskPriority.Normal));
        var runId = await host.Client.EnqueueAsync("long");
        await running.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Watch the queue for 7.5 s (longer than the visibility): the message must stay hidden the whole time.
        var visible = 0;
        var until = DateTime.UtcNow.AddSeconds(7.5);
        while (DateTime.UtcNow < until)
        {
            visible += (await queue.PeekMessagesAsync(1)).Value.Length;
            await Task.Delay(100);
        }

        release.SetResult();
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));
        Assert.Equal(0, visible);
        Assert.True(Volatile.Read(ref renewals) > 2);
        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
    }

    [Fact]
    public async Task Worker_RunFailsWhileARenewalIsInFlight_RetryShowsAfterItsBackOffNotAfterTheVisibility()
    {
        var prefix = TaskHost.NewPrefix();
        var renewalSent = new TaskCompletionSource();
        var policy = new FaultPolicy
        {
            After = async m =>
            {
                if (FaultPolicy.IsRenewal(m) && renewalSent.TrySetResult())
                {
                    // The service changed the pop receipt already; the response is slow to come back.
                    await Task.Delay(TimeSpan.FromSeconds(1.5), m.CancellationToken);
                }
            },
        };
        var storage = policy.Storage(azurite.ConnectionString, prefix);
        var starts = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        var task = new TaskDefinition("flaky", "test", TestTasks.Invoker(async (run, _, _) =>
        {
            starts.Enqueue(DateTimeOffset.UtcNow);
            if (run.Attempt == 1)
            {
                await renewalSent.Task;
                throw new InvalidOperationException("fails during a renewal");
            }

            return null;
        })) { MaxRetries = 1, RetryDelay = TimeSpan.FromSeconds(1), RetryJitter = false };
        await using var host = await TaskHost.Create(azurite, prefix, [task], o => o.VisibilityTimeout = TimeSpan.FromSeconds(9),
            s => s.AddSingleton(storage)).StartAsync();

        var runId = await host.Client.EnqueueAsync("flaky");
        var ended = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(30));

        Assert.Equal(TaskRunStatus.Succeeded, ended.Status);
        Assert.Equal(2, ended.Attempt);
        var times = starts.ToArray();
        // Renewal at 3 s + 1.5 s response + 1 s back-off; a lost message would show only at 3 s + 9 s.
        Assert.True(times[1] - times[0] < TimeSpan.FromSeconds(8), $"the retry started {times[1] - times[0]} after the first attempt");
    }
}
