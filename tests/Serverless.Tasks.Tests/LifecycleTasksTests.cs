using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Tasks.Tests;

public sealed class LifecycleTasksTests
{
    public sealed record Connection(int Number);

    /// <summary>Records its calls; its setup waits for the test's gate when one is set.</summary>
    [Task("pool", Every = "00:00:05")]
    public sealed class PoolTask(Recorder recorder, LifecycleGate gate) : ILifecycleTask<Connection>
    {
        public async Task<Connection> SetupAsync(CancellationToken cancellationToken)
        {
            recorder.Calls.Add("setup");
            await gate.Open.Task.WaitAsync(cancellationToken);
            if (gate.Fail)
            {
                throw new InvalidOperationException("database unreachable");
            }

            return new Connection(7);
        }

        public Task TickAsync(Connection state, TaskContext context)
        {
            recorder.Calls.Add($"tick {state.Number} {context.RunId}");
            return Task.CompletedTask;
        }

        public Task CleanupAsync(Connection state, CancellationToken cancellationToken)
        {
            recorder.Calls.Add($"cleanup {state.Number}");
            return gate.FailCleanup ? throw new IOException("cleanup broke") : Task.CompletedTask;
        }
    }

    public sealed class LifecycleGate
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Fail { get; init; }

        public bool FailCleanup { get; init; }
    }

    private static (TaskCatalog Catalog, Recorder Recorder, IServiceProvider Services) Create(LifecycleGate gate, bool byCall = false)
    {
        var recorder = new Recorder();
        var services = new ServiceCollection().AddSingleton(recorder).AddSingleton(gate).BuildServiceProvider();
        var registry = byCall ? new TaskRegistry().AddLifecycle<PoolTask, Connection>("pool") : new TaskRegistry().AddTasksFrom<PoolTask>();
        return (registry.Build(), recorder, services);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartTickStop_InOrderWithSetupState(bool byCall)
    {
        var gate = new LifecycleGate();
        gate.Open.SetResult();
        var (catalog, recorder, services) = Create(gate, byCall);
        var task = catalog.Get("pool");

        await catalog.Lifecycles.StartAsync(services, CancellationToken.None);
        await task.RunAsync(services: services);
        await task.RunAsync(services: services);
        await catalog.Lifecycles.StopAsync(CancellationToken.None);

        Assert.True(task.IsLifecycle);
        Assert.Equal(["setup", "tick 7 run-1", "tick 7 run-1", "cleanup 7"], recorder.Calls);
        Assert.Equal(["pool"], catalog.Lifecycles.Names);
    }

    [Fact]
    public async Task Tick_BeforeSetupFinished_WaitsForIt()
    {
        var gate = new LifecycleGate();
        var (catalog, recorder, services) = Create(gate);

        var start = catalog.Lifecycles.StartAsync(services, CancellationToken.None);
        var tick = catalog.Get("pool").RunAsync(services: services);
        await Task.Yield();
        Assert.False(tick.IsCompleted);
        gate.Open.SetResult();
        await start;
        await tick;

        Assert.Equal(["setup", "tick 7 run-1"], recorder.Calls);
    }

    [Fact]
    public async Task Tick_SetupFailed_FailsWithSetupError()
    {
        var gate = new LifecycleGate { Fail = true };
        gate.Open.SetResult();
        var (catalog, recorder, services) = Create(gate);

        await catalog.Lifecycles.StartAsync(services, CancellationToken.None);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => catalog.Get("pool").RunAsync(services: services));
        await catalog.Lifecycles.StopAsync(CancellationToken.None);

        Assert.Contains("setup failed", e.Message, StringComparison.Ordinal);
        Assert.Equal("database unreachable", e.InnerException!.Message);
        Assert.Equal(["setup"], recorder.Calls);
    }

    [Fact]
    public async Task Tick_Cancelled_WhileWaitingForSetup()
    {
        var (catalog, _, services) = Create(new LifecycleGate());
        using var cts = new CancellationTokenSource();

        var tick = catalog.Get("pool").RunAsync(services: services, cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tick);
    }

    [Fact]
    public async Task Tick_AfterStop_FailsClearly()
    {
        var gate = new LifecycleGate();
        gate.Open.SetResult();
        var (catalog, _, services) = Create(gate);

        await catalog.Lifecycles.StartAsync(services, CancellationToken.None);
        await catalog.Lifecycles.StopAsync(CancellationToken.None);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => catalog.Get("pool").RunAsync(services: services));

        Assert.Contains("cleaned up", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_CleanupThrows_NotRethrown()
    {
        var gate = new LifecycleGate { FailCleanup = true };
        gate.Open.SetResult();
        var (catalog, recorder, services) = Create(gate);

        await catalog.Lifecycles.StartAsync(services, CancellationToken.None);
        await catalog.Lifecycles.StopAsync(CancellationToken.None);

        Assert.Equal(["setup", "cleanup 7"], recorder.Calls);
    }

    [Fact]
    public void Build_LifecycleCpuBound_Problem()
    {
        var e = new TaskRegistry().AddLifecycle<PoolTask, Connection>("pool", o => o.CpuBound = new TaskResources()).Problems();

        Assert.Contains("CpuBound is not possible for a lifecycle task", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Task("not-lifecycle")]
    public sealed class NotLifecycle;

    [Fact]
    public void Build_TaskClassNotLifecycle_Problem()
    {
        var e = new TaskRegistry().AddTasksFrom<NotLifecycle>().Problems();

        Assert.Contains("ILifecycleTask<TState>", Assert.Single(e.Problems), StringComparison.Ordinal);
    }
}
