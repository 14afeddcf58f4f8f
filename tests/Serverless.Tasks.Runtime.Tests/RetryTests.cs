using System.Collections.Concurrent;
using System.Text.Json;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

public sealed class RetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Worker_FailsTwiceThenSucceeds_RetriesAfterBackOffAndSucceeds()
    {
        var attempts = new ConcurrentQueue<(int Attempt, DateTimeOffset At)>();
        var flaky = new TaskDefinition("flaky", "test", TestTasks.Invoker((run, _, _) =>
        {
            attempts.Enqueue((run.Attempt, DateTimeOffset.UtcNow));
            return run.Attempt < 3 ? throw new InvalidOperationException($"boom {run.Attempt}") : Task.FromResult<object?>("ok");
        }))
        {
            MaxRetries = 3,
            RetryDelay = TimeSpan.FromMilliseconds(300),
            RetryJitter = false,
        };
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [flaky]).StartAsync();

        var runId = await host.Client.EnqueueAsync("flaky");
        await Poll.UntilAsync(async () => (await host.Client.GetRunAsync(runId))?.Status == TaskRunStatus.Retrying, "the first retry is waiting");
        var retrying = await host.Client.GetRunAsync(runId);
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(30));

        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal(3, run.Attempt);
        Assert.Equal("ok", run.GetResult<string>());
        Assert.Null(run.Error);
        Assert.Equal("boom 1", retrying!.Error!.Message);
        var times = attempts.ToArray();
        Assert.Equal([1, 2, 3], times.Select(a => a.Attempt));
        // Back-off 300 ms then 600 ms (rounded up to the queue's whole seconds: never shorter than the delay).
        Assert.True(times[1].At - times[0].At >= TimeSpan.FromMilliseconds(300), $"first retry after {times[1].At - times[0].At}");
        Assert.True(times[2].At - times[1].At >= TimeSpan.FromMilliseconds(600), $"second retry after {times[2].At - times[1].At}");
    }

    [Fact]
    public async Task Worker_RetriesExhausted_OnFailureGetsFailureAndRunDeadLettered()
    {
        var failures = new ConcurrentQueue<JsonElement>();
        var broken = new TaskDefinition("broken", "test", TestTasks.Invoker((run, _, _) => throw new FormatException($"bad input, attempt {run.Attempt}")))
        {
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(200),
            RetryJitter = false,
            OnFailure = "alert",
        };
        var alert = TestTasks.Define("alert", (_, p, _) =>
        {
            failures.Enqueue(p!.Value);
            return Task.FromResult<object?>(null);
        });
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [broken, alert]).StartAsync();

        var runId = await host.Client.EnqueueAsync("broken", new { file = "x.csv" });
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(30));
        var alertRun = await host.Client.WaitForEndAsync(runId + ".on-failure", TimeSpan.FromSeconds(30));

        Assert.Equal(TaskRunStatus.DeadLettered, run.Status);
        Assert.Equal(2, run.Attempt);
        Assert.Equal(typeof(FormatException).FullName, run.Error!.Type);
        Assert.Equal("bad input, attempt 2", run.Error.Message);
        Assert.Contains("failed after 2 attempt(s)", run.Reason, StringComparison.Ordinal);
        Assert.Equal(TaskRunStatus.Succeeded, alertRun.Status);
        var failure = Assert.Single(failures).Deserialize<TaskFailure>(TaskJson.Options)!;
        Assert.Equal(runId, failure.RunId);
        Assert.Equal("broken", failure.Task);
        Assert.Equal(2, failure.Attempts);
        Assert.Equal("bad input, attempt 2", failure.Error.Message);
        Assert.Equal("x.csv", failure.Parameters!.Value.GetProperty("file").GetString());

        var deadLetters = await host.Storage.Queues.GetQueueClient(host.Storage.Names.DeadLetterQueue).ReceiveMessagesAsync(32);
        var dead = Assert.Single(deadLetters.Value.Select(m => DeadLetterMessage.TryParse(m.MessageText)));
        Assert.Equal(runId, dead!.RunId);
        Assert.Equal("broken", dead.Task);
        Assert.Equal("bad input, attempt 2", dead.Error!.Message);
        Assert.Equal(0, await EnqueueTests.CountMessagesAsync(host, host.Storage.Names.Queue("default", TaskPriority.Normal)));
    }

    [Fact]
    public async Task Worker_MessageWithoutRecord_MovedToDeadLetterQueue()
    {
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [TestTasks.NoOp("noop")]).StartAsync();
        var queue = host.Storage.Queues.GetQueueClient(host.Storage.Names.Queue("default", TaskPriority.Normal));

        await queue.SendMessageAsync(new TaskMessage("ghost-1", "noop").ToJson());

        var deadLetters = host.Storage.Queues.GetQueueClient(host.Storage.Names.DeadLetterQueue);
        var dead = await Poll.ForValueAsync(async () =>
            (await deadLetters.ReceiveMessagesAsync(1)).Value.Select(m => DeadLetterMessage.TryParse(m.MessageText)).FirstOrDefault(), "a dead letter");
        Assert.Equal("ghost-1", dead.RunId);
        Assert.Contains("no record", dead.Reason, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => await EnqueueTests.CountMessagesAsync(host, queue.Name) == 0, "the poison message deleted");
    }
}
