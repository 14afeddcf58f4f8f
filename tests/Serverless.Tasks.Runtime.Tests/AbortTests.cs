using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

public sealed class AbortTests(AzuriteFixture azurite)
{
    private static TaskDefinition Blocking(string name, TaskCompletionSource started, TaskCompletionSource cancelled) =>
        TestTasks.Define(name, async (_, _, ct) =>
        {
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
        });

    [Fact]
    public async Task AbortAsync_QueuedRun_NeverStarts()
    {
        var ran = false;
        var task = TestTasks.Define("queued", (_, _, _) =>
        {
            ran = true;
            return Task.FromResult<object?>(null);
        });
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [task]);
        var runId = await host.Client.EnqueueAsync("queued");

        Assert.True(await host.Client.AbortAsync(runId, "not needed"));
        await host.StartAsync();
        var queue = host.Storage.Names.Queue("default", TaskPriority.Normal);
        await Poll.UntilAsync(async () => await EnqueueTests.CountMessagesAsync(host, queue) == 0, "the aborted run's message dropped");

        var run = await host.Client.GetRunAsync(runId);
        Assert.Equal(TaskRunStatus.Aborted, run!.Status);
        Assert.Equal("not needed", run.Reason);
        Assert.Equal(0, run.Attempt);
        Assert.False(ran);
        Assert.False(await host.Client.AbortAsync(runId));
        Assert.False(await host.Client.AbortAsync("no-such-run"));
    }

    [Fact]
    public async Task AbortAsync_RunningRunOnSameHost_TokenFiresAndAborted()
    {
        TaskCompletionSource started = new(), cancelled = new();
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [Blocking("long", started, cancelled)],
            o => o.AbortCheckInterval = TimeSpan.FromMinutes(1)).StartAsync();
        var runId = await host.Client.EnqueueAsync("long");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(await host.Client.AbortAsync(runId, "operator"));

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(10));
        Assert.Equal(TaskRunStatus.Aborted, run.Status);
        Assert.Equal("operator", run.Reason);
    }

    [Fact]
    public async Task AbortAsync_RunningRunFromAnotherHost_TokenFiresAndAborted()
    {
        TaskCompletionSource started = new(), cancelled = new();
        var prefix = TaskHost.NewPrefix();
        await using var worker = await TaskHost.Create(azurite, prefix, [Blocking("long", started, cancelled)]).StartAsync();
        await using var other = TaskHost.Create(azurite, prefix, [Blocking("long", new(), new())]);
        var runId = await other.Client.EnqueueAsync("long");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(await other.Client.AbortAsync(runId));

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var run = await other.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(10));
        Assert.Equal(TaskRunStatus.Aborted, run.Status);
        Assert.True(run.AbortRequested);
        Assert.Equal(worker.Worker.HostId, run.Host);
    }

    [Fact]
    public async Task AbortAsync_RunWaitingForRetry_AbortedAtOnce()
    {
        var failing = new TaskDefinition("failing", "test", TestTasks.Invoker((_, _, _) => throw new InvalidOperationException("try later")))
        {
            MaxRetries = 5,
            RetryDelay = TimeSpan.FromHours(1),
        };
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [failing]).StartAsync();
        var runId = await host.Client.EnqueueAsync("failing");
        await Poll.UntilAsync(async () => (await host.Client.GetRunAsync(runId))?.Status == TaskRunStatus.Retrying, "the run waits for its retry");

        Assert.True(await host.Client.AbortAsync(runId, "given up"));

        var run = await host.Client.GetRunAsync(runId);
        Assert.Equal(TaskRunStatus.Aborted, run!.Status);
        Assert.Equal("given up", run.Reason);
        Assert.Equal(1, run.Attempt);
        Assert.Equal("try later", run.Error!.Message);
    }

    [Fact]
    public async Task Worker_RunLongerThanTimeout_TokenFiresAndAttemptFailsNamingTimeout()
    {
        TaskCompletionSource started = new(), cancelled = new();
        var slow = new TaskDefinition("slow", "test", Blocking("slow", started, cancelled).Invoker) { Timeout = TimeSpan.FromMilliseconds(500) };
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [slow]).StartAsync();

        var runId = await host.Client.EnqueueAsync("slow");
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));

        Assert.True(cancelled.Task.IsCompleted);
        Assert.Equal(TaskRunStatus.DeadLettered, run.Status);
        Assert.Equal(nameof(TimeoutException), run.Error!.Type);
        Assert.Contains("'slow' timed out after 00:00:00.5", run.Error.Message, StringComparison.Ordinal);
    }
}
