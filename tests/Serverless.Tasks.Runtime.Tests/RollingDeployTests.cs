using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

/// <summary>A run of a task only a newer host knows, received by an older host first.</summary>
public sealed class RollingDeployTests(AzuriteFixture azurite)
{
    private const int UnknownTaskDeferred = 7153;

    [Fact]
    public async Task Worker_UnknownTask_MessageGivenBackAndRunByAHostThatKnowsIt()
    {
        var prefix = TaskHost.NewPrefix();
        var log = new LogCapture();
        await using var newer = TaskHost.Create(azurite, prefix, [TestTasks.NoOp("old"), TestTasks.NoOp("added")]);
        await using var older = TaskHost.Create(azurite, prefix, [TestTasks.NoOp("old")], services: s => s.AddSingleton<ILoggerProvider>(log));
        older.Worker.UnknownTaskDelay = TimeSpan.FromSeconds(1);
        await older.StartAsync();

        var runId = await newer.Client.EnqueueAsync("added");
        await Poll.UntilAsync(() => log.Count(UnknownTaskDeferred) >= 2, "the older host giving the run back twice");
        await older.StopAsync();
        await newer.StartAsync();
        var run = await newer.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));

        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
    }

    [Fact]
    public async Task Worker_UnknownTaskPastTheDeliveryLimit_DeadLettered()
    {
        var prefix = TaskHost.NewPrefix();
        await using var newer = TaskHost.Create(azurite, prefix, [TestTasks.NoOp("old"), TestTasks.NoOp("added")]);
        await using var older = TaskHost.Create(azurite, prefix, [TestTasks.NoOp("old")]);
        older.Worker.UnknownTaskDelay = TimeSpan.FromSeconds(1);
        older.Worker.UnknownTaskDeliveries = 3;
        await older.StartAsync();

        var runId = await newer.Client.EnqueueAsync("added");
        var run = await older.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));

        Assert.Equal(TaskRunStatus.DeadLettered, run.Status);
        Assert.Contains("came 3 times", run.Error!.Message, StringComparison.Ordinal);
    }
}
