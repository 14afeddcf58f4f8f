using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

/// <summary>The runtime's hooks: run observers, the chain starter and the CPU-bound runner.</summary>
public sealed class HooksTests(AzuriteFixture azurite)
{
    private sealed class RecordingObserver : ITaskRunObserver
    {
        public ConcurrentQueue<TaskRun> Ended { get; } = new();

        public Task OnRunEndedAsync(TaskRun run, CancellationToken cancellationToken)
        {
            Ended.Enqueue(run);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingChainStarter : ITaskChainStarter
    {
        public ConcurrentQueue<(string Task, string RunId, JsonElement? Parameters)> Started { get; } = new();

        public Task StartChainAsync(TaskDefinition task, string runId, JsonElement? parameters, CancellationToken cancellationToken)
        {
            Started.Enqueue((task.Name, runId, parameters));
            return Task.CompletedTask;
        }
    }

    private sealed class FakeCpuRunner : ICpuBoundTaskRunner
    {
        public Task<JsonElement?> RunAsync(TaskDefinition task, TaskRun run, CancellationToken cancellationToken) =>
            Task.FromResult<JsonElement?>(JsonSerializer.SerializeToElement(new { ranOutOfProcess = task.Name, attempt = run.Attempt }));
    }

    [Fact]
    public async Task Worker_RunsEnd_ObserversToldOfSucceededDeadLetteredAndAborted()
    {
        var observer = new RecordingObserver();
        var fails = new TaskDefinition("fails", "test", TestTasks.Invoker((_, _, _) => throw new InvalidOperationException("no")));
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [TestTasks.NoOp("ok"), fails],
            services: s => s.AddSingleton<ITaskRunObserver>(observer)).StartAsync();

        var ok = await host.Client.EnqueueAsync("ok", options: new EnqueueOptions { ParentInstanceId = "taskchain-x" });
        var failed = await host.Client.EnqueueAsync("fails");
        var aborted = await host.Client.EnqueueAsync("ok", options: new EnqueueOptions { Delay = TimeSpan.FromHours(1) });
        await host.Client.AbortAsync(aborted);
        await host.Client.WaitForEndAsync(ok, TimeSpan.FromSeconds(20));
        await host.Client.WaitForEndAsync(failed, TimeSpan.FromSeconds(20));

        await Poll.UntilAsync(() => observer.Ended.Count >= 3, "three runs observed");
        var ended = observer.Ended.ToDictionary(r => r.RunId);
        Assert.Equal(TaskRunStatus.Succeeded, ended[ok].Status);
        Assert.Equal("taskchain-x", ended[ok].ParentInstanceId);
        Assert.Equal(TaskRunStatus.DeadLettered, ended[failed].Status);
        Assert.Equal(TaskRunStatus.Aborted, ended[aborted].Status);
    }

    [Fact]
    public async Task EnqueueAsync_TaskWithDependencies_RootHeldAndChainStartedThenReleasedAsChainStep()
    {
        var starter = new RecordingChainStarter();
        var extract = new TaskDefinition("extract", "test", TestTasks.Invoker((_, _, _) => Task.FromResult<object?>(7))) { RunAfter = "load" };
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [extract, TestTasks.NoOp("load")],
            services: s => s.AddSingleton<ITaskChainStarter>(starter)).StartAsync();

        var runId = await host.Client.EnqueueAsync("extract", new { day = "monday" });

        var (task, startedId, parameters) = Assert.Single(starter.Started);
        Assert.Equal(("extract", runId), (task, startedId));
        Assert.Equal("monday", parameters!.Value.GetProperty("day").GetString());
        var held = await host.Client.Store.GetAsync(runId, CancellationToken.None);
        Assert.True(held!.Held);
        Assert.Equal(TaskRunStatus.Scheduled, held.Run.Status);
        // A plain enqueue of the same id does not release a chain's root; it starts the chain again with the stored
        // parameters (a no-op for the real starter when the chain exists; after a crash before the start, the start).
        await host.Client.EnqueueAsync("extract", options: new EnqueueOptions { RunId = runId });
        Assert.True((await host.Client.Store.GetAsync(runId, CancellationToken.None))!.Held);
        Assert.Equal(2, starter.Started.Count);
        Assert.All(starter.Started, s => Assert.Equal(("extract", runId, "monday"), (s.Task, s.RunId, s.Parameters!.Value.GetProperty("day").GetString())));

        await host.Client.EnqueueAsync("extract", options: new EnqueueOptions { RunId = runId, AsChainStep = true, ParentInstanceId = "taskchain-" + runId });

        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));
        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal(7, run.GetResult<int>());
        Assert.Equal("monday", run.Parameters!.Value.GetProperty("day").GetString());
        Assert.Equal("taskchain-" + runId, run.ParentInstanceId);
    }

    [Fact]
    public async Task Worker_CpuBoundTask_RunsThroughTheCpuBoundRunner()
    {
        var inProcess = false;
        var compute = new TaskDefinition("compute", "test", TestTasks.Invoker((_, _, _) =>
        {
            inProcess = true;
            return Task.FromResult<object?>(null);
        }))
        {
            CpuBound = new TaskResources(Cpus: 2, Ranks: 2),
        };
        await using var host = await TaskHost.Create(azurite, TaskHost.NewPrefix(), [compute],
            services: s => s.AddSingleton<ICpuBoundTaskRunner>(new FakeCpuRunner())).StartAsync();

        var run = await host.Client.WaitForEndAsync(await host.Client.EnqueueAsync("compute"), TimeSpan.FromSeconds(20));

        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.Equal("compute", run.Result!.Value.GetProperty("ranOutOfProcess").GetString());
        Assert.False(inProcess);
    }
}
