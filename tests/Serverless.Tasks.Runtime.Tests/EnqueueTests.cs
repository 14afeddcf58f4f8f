using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

public sealed class EnqueueTests(AzuriteFixture azurite)
{
    public sealed record Email([property: Required, EmailAddress] string To, [property: Range(1, 10)] int Copies = 1);

    private static TaskDefinition SendEmail() => new("send_email", "test", TestTasks.Invoker((_, p, _) =>
        Task.FromResult<object?>(new { sent = p!.Value.GetProperty("to").GetString(), copies = p.Value.GetProperty("copies").GetInt32() })))
    {
        ParametersType = typeof(Email),
    };

    [Fact]
    public async Task EnqueueAsync_WorkerRunning_RunSucceedsWithResult()
    {
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [SendEmail()]).StartAsync();

        var runId = await host.Client.EnqueueAsync("send_email", new Email("a@example.com", 2));
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));

        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal(1, run.Attempt);
        Assert.Equal("a@example.com", run.Result!.Value.GetProperty("sent").GetString());
        Assert.Equal(2, run.Result.Value.GetProperty("copies").GetInt32());
        Assert.Equal("a@example.com", run.Parameters!.Value.GetProperty("to").GetString());
        Assert.NotNull(run.StartedAt);
        Assert.True(run.CompletedAt >= run.StartedAt);
        Assert.Equal(host.Worker.HostId, run.Host);
    }

    [Fact]
    public async Task EnqueueAsync_InvalidParameters_RefusedAndNothingWritten()
    {
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [SendEmail()]);

        var error = await Assert.ThrowsAsync<TaskParametersException>(() =>
            host.Client.EnqueueAsync("send_email", new { to = "not-an-email", copies = 50 }));

        Assert.Equal("send_email", error.Task);
        Assert.Contains("to", error.Errors.Keys);
        Assert.Contains("copies", error.Errors.Keys);
        await AssertNothingWrittenAsync(host);
    }

    [Fact]
    public async Task EnqueueAsync_UnknownTask_ThrowsTaskNotFoundNamingKnownTasks()
    {
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [SendEmail()]);

        var error = await Assert.ThrowsAsync<TaskNotFoundException>(() => host.Client.EnqueueAsync("send_mail"));

        Assert.Equal("send_mail", error.Task);
        Assert.Contains("send_email", error.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(host);
    }

    [Fact]
    public async Task EnqueueAsync_SameRunIdTwice_OneRecordOneMessage()
    {
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [TestTasks.NoOp("noop")]);
        var options = new EnqueueOptions { RunId = "order-42" };

        var first = await host.Client.EnqueueAsync("noop", new { n = 1 }, options);
        var second = await host.Client.EnqueueAsync("noop", new { n = 2 }, options);

        Assert.Equal("order-42", first);
        Assert.Equal(first, second);
        var run = await host.Client.GetRunAsync("order-42");
        Assert.Equal(1, run!.Parameters!.Value.GetProperty("n").GetInt32());
        Assert.Equal(TaskRunStatus.Queued, run.Status);
        Assert.Equal(1, await CountMessagesAsync(host, host.Storage.Names.Queue("default", TaskPriority.Normal)));
        var stored = await host.Client.Store.GetAsync("order-42", CancellationToken.None);
        Assert.False(stored!.Held);
    }

    [Fact]
    public async Task EnqueueAsync_WithDelay_ScheduledThenRunsAfterTheDelay()
    {
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [TestTasks.NoOp("later")]).StartAsync();
        var before = DateTimeOffset.UtcNow;

        var runId = await host.Client.EnqueueAsync("later", options: new EnqueueOptions { Delay = TimeSpan.FromSeconds(2) });

        var scheduled = await host.Client.GetRunAsync(runId);
        Assert.Equal(TaskRunStatus.Scheduled, scheduled!.Status);
        Assert.True(scheduled.DueAt >= before + TimeSpan.FromSeconds(2));
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));
        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.True(run.StartedAt >= scheduled.DueAt, $"started {run.StartedAt:o}, due {scheduled.DueAt:o}");
    }

    [Fact]
    public async Task EnqueueAsync_Hold_WritesHeldRecordUntilReleasedBySameRunId()
    {
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [TestTasks.NoOp("held")]).StartAsync();

        var runId = await host.Client.EnqueueAsync("held", options: new EnqueueOptions { RunId = "root-1", Hold = true });
        var stored = await host.Client.Store.GetAsync(runId, CancellationToken.None);
        Assert.True(stored!.Held);
        Assert.Equal(TaskRunStatus.Scheduled, stored.Run.Status);
        Assert.Equal(0, await CountMessagesAsync(host, host.Storage.Names.Queue("default", TaskPriority.Normal)));

        await host.Client.EnqueueAsync("held", options: new EnqueueOptions { RunId = "root-1", ParentInstanceId = "taskchain-root-1" });

        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));
        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal("taskchain-root-1", run.ParentInstanceId);
    }

    [Fact]
    public async Task EnqueueAsync_TaskWithDependenciesAndNoChainStarter_ThrowsNamingTaskAndWritesNothing()
    {
        var chained = new TaskDefinition("extract", "test", TestTasks.Invoker((_, _, _) => Task.FromResult<object?>(null))) { RunAfter = "load" };
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [chained, TestTasks.NoOp("load")]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.EnqueueAsync("extract"));

        Assert.Contains("'extract'", error.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(host);
    }

    [Fact]
    public async Task EnqueueAsync_LargeParametersAndResult_StoredInBlobsAndReadBack()
    {
        var big = new string('x', 40_000);
        var echo = TestTasks.Define("echo", (_, p, _) => Task.FromResult<object?>(new { text = p!.Value.GetProperty("text").GetString() + "!" }));
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [echo]).StartAsync();

        var runId = await host.Client.EnqueueAsync("echo", new { text = big });
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));

        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal(big, run.Parameters!.Value.GetProperty("text").GetString());
        Assert.Equal(big + "!", run.Result!.Value.GetProperty("text").GetString());
        var row = await azurite.TableService.GetTableClient(host.Storage.Names.RunsTable).GetEntityAsync<Azure.Data.Tables.TableEntity>(runId, "");
        Assert.StartsWith("blob:", row.Value.GetString("Parameters"), StringComparison.Ordinal);
        Assert.StartsWith("blob:", row.Value.GetString("Result"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRunsAsync_FilterByTaskAndStatus_NewestFirst()
    {
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [TestTasks.NoOp("a"), TestTasks.NoOp("b")]);
        var a1 = await host.Client.EnqueueAsync("a");
        var b1 = await host.Client.EnqueueAsync("b");
        var a2 = await host.Client.EnqueueAsync("a", options: new EnqueueOptions { Delay = TimeSpan.FromHours(1) });

        var allA = await host.Client.ListRunsAsync(new TaskRunQuery { Task = "A" }).ToListAsync();
        var queued = await host.Client.ListRunsAsync(new TaskRunQuery { Statuses = [TaskRunStatus.Queued] }).ToListAsync();
        var top1 = await host.Client.ListRunsAsync(new TaskRunQuery { Top = 1 }).ToListAsync();

        Assert.Equal([a2, a1], allA.Select(r => r.RunId));
        Assert.Equal([b1, a1], queued.Select(r => r.RunId));
        Assert.Equal([a2], top1.Select(r => r.RunId));

        var b = (await host.Client.GetRunAsync(b1))!;
        var fromB = await host.Client.ListRunsAsync(new TaskRunQuery { CreatedFrom = b.CreatedAt }).ToListAsync();
        var toB = await host.Client.ListRunsAsync(new TaskRunQuery { CreatedTo = b.CreatedAt }).ToListAsync();
        Assert.Equal([a2, b1], fromB.Select(r => r.RunId));
        Assert.Equal([b1, a1], toB.Select(r => r.RunId));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("")]
    public async Task EnqueueAsync_InvalidRunId_ThrowsNamingIt(string runId)
    {
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [TestTasks.NoOp("noop")]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.EnqueueAsync("noop", options: new EnqueueOptions { RunId = runId }));

        Assert.Contains($"'{runId}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewRunIds_SortByCreationTime()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 18, 30, 0, 123, TimeSpan.Zero));
        var first = TaskRunIds.New(time);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var second = TaskRunIds.New(time);

        Assert.StartsWith("20261125T183000123Z-", first, StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.Equal("daily@20261125T183000000Z", TaskRunIds.ForFiring("daily", new DateTimeOffset(2026, 11, 25, 18, 30, 0, TimeSpan.Zero)));
    }

    private async Task AssertNothingWrittenAsync(TaskHost host)
    {
        var names = host.Storage.Names;
        var table = azurite.TableService.GetTableClient(names.RunsTable);
        var rows = 0;
        try
        {
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>())
            {
                rows++;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // No table: nothing written.
        }

        Assert.Equal(0, rows);
        for (var p = TaskPriority.Low; p <= TaskPriority.Max; p++)
        {
            Assert.Equal(0, await CountMessagesAsync(host, names.Queue("default", p)));
        }
    }

    internal static async Task<int> CountMessagesAsync(TaskHost host, string queue)
    {
        var client = host.Storage.Queues.GetQueueClient(queue);
        if (!await client.ExistsAsync())
        {
            return 0;
        }

        return (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    internal static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, TaskJson.Options);
}
