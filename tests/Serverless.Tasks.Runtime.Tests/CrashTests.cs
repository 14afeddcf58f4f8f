using System.Collections.Concurrent;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

/// <summary>A worker process killed mid-run: at-most-once runs are not executed again, at-least-once runs are.</summary>
public sealed class CrashTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Worker_KilledMidRunAtMostOnce_RunNotExecutedAgainAndDeadLettered()
    {
        var (run, executedHere) = await CrashAndRecoverAsync(maxRetries: 0);

        Assert.Empty(executedHere);
        Assert.Equal(TaskRunStatus.DeadLettered, run.Status);
        Assert.Equal(1, run.Attempt);
        Assert.Equal(TaskWorker.InterruptedMessage, run.Error!.Message);
    }

    [Fact]
    public async Task Worker_KilledMidRunAtLeastOnce_RunExecutedAgainAndSucceeds()
    {
        var (run, executedHere) = await CrashAndRecoverAsync(maxRetries: 1);

        Assert.Equal([2], executedHere);
        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal(2, run.Attempt);
    }

    private async Task<(TaskRun Run, int[] ExecutedHere)> CrashAndRecoverAsync(int maxRetries)
    {
        var prefix = TaskHost.NewPrefix();
        var markers = Directory.CreateTempSubdirectory("crashy-");
        var executed = new ConcurrentQueue<int>();
        var crashy = new TaskDefinition("crashy", "test", TestTasks.Invoker((run, _, _) =>
        {
            executed.Enqueue(run.Attempt);
            return Task.FromResult<object?>(null);
        }))
        {
            MaxRetries = maxRetries,
        };
        await using var host = TaskHost.Create(azurite, prefix, [crashy]);
        var runId = await host.Client.EnqueueAsync("crashy");

        using (var worker = WorkerProcess.Start(azurite.ConnectionString, prefix, markers.FullName, maxRetries))
        {
            await Poll.UntilAsync(() => File.Exists(Path.Combine(markers.FullName, "started.1")), "the worker process started the run");
            worker.Kill();
        }

        Assert.Equal(TaskRunStatus.Running, (await host.Client.GetRunAsync(runId))!.Status);
        await host.StartAsync();
        var ended = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(30));
        markers.Delete(recursive: true);
        return (ended, executed.ToArray());
    }
}
