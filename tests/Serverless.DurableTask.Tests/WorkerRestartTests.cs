using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.InMemory;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests;

public sealed class WorkerRestartTests
{
    [Fact]
    public async Task NewWorker_SameStore_MidOrchestration_CompletesByReplay()
    {
        var store = new InMemoryOrchestrationService(TimeProvider.System);
        var firstSteps = 0;
        var ct = TestContext.Current.CancellationToken;
        void Tasks(Engine.DurableTaskRegistry r) => r
            .AddOrchestratorFunc<string, string>("TwoPhase", async (ctx, input) =>
            {
                var first = await ctx.CallActivityAsync<string>("FirstStep", input);
                var approval = await ctx.WaitForExternalEvent<string>("Continue");
                var second = await ctx.CallActivityAsync<string>("SecondStep", first);
                return $"{second}+{approval}";
            })
            .AddActivityFunc<string, string>("FirstStep", (_, s) => $"{s}-1:{Interlocked.Increment(ref firstSteps)}")
            .AddActivityFunc<string, string>("SecondStep", (_, s) => $"{s}-2");

        string id;
        await using (var first = await DurableTestHost.StartAsync(Tasks, store: store))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("TwoPhase", "x", ct);
            await Poll.UntilAsync(async () => (await store.GetHistoryAsync(id, ct)).OfType<TaskCompletedEvent>().Any(), "first step done");
            await Poll.UntilAsync(async () => (await store.GetHistoryAsync(id, ct)).OfType<OrchestratorCompletedEvent>().Count() >= 2, "result committed");
        }

        await using var second = await DurableTestHost.StartAsync(Tasks, store: store);
        await second.Client.RaiseEventAsync(id, "Continue", "ok", ct);

        var result = await second.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("x-1:1-2+ok", result.ReadOutputAs<string>());
        Assert.Equal(1, firstSteps);
        Assert.Equal(1, second.Dispatcher.FullReplays);
    }
    [Fact]
    public async Task DeadWorkerHoldingLocks_AfterLockTimeout_AnotherWorkerFinishes()
    {
        var time = DurableTestHost.NewFakeTime();
        var store = new InMemoryOrchestrationService(time);
        var ct = TestContext.Current.CancellationToken;
        var runs = 0;
        await store.CreateInstanceAsync(
            new TaskMessage
            {
                InstanceId = "orphan",
                Event = new ExecutionStartedEvent { Name = "Once", InstanceId = "orphan", ExecutionId = "e1", Input = "\"in\"" },
            },
            null,
            ct);
        var stolen = await store.LockNextOrchestrationWorkItemAsync(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(1), ct);
        Assert.NotNull(stolen); // a worker that took the start message and died

        await using var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc<string, string>("Once", async (ctx, input) => await ctx.CallActivityAsync<string>("Run", input))
                .AddActivityFunc<string, string>("Run", (_, input) => $"{input}:{Interlocked.Increment(ref runs)}"),
            time,
            store,
            o => o.OrchestrationLockTimeout = TimeSpan.FromMinutes(1));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync("orphan", ct))!.RuntimeStatus);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("in:1", (await host.CompleteAsync("orphan")).ReadOutputAs<string>());
        await Assert.ThrowsAsync<OrchestrationConflictException>(() => store.CompleteOrchestrationWorkItemAsync(
            stolen, new OrchestrationWorkItemCompletion { NewHistoryEvents = [] }, ct));
    }
    [Fact]
    public async Task StopAsync_RunningActivity_WaitsForItAndCommitsItsResult()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var store = new InMemoryOrchestrationService(TimeProvider.System);
        var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc<string, string>("Slow", async (ctx, _) => await ctx.CallActivityAsync<string>("Work"))
                .AddActivityFunc<string, string>("Work", async (_, _) =>
                {
                    started.SetResult();
                    await release.Task;
                    return "finished";
                }),
            store: store);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Slow", ct);
        await started.Task.WaitAsync(ct);

        var stopping = host.DisposeAsync().AsTask();
        await Task.Delay(100, ct); // the stop must still be waiting for the activity
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Contains(await store.GetHistoryAsync(id, ct), e => e is OrchestratorStartedEvent);
        await using var next = await DurableTestHost.StartAsync(
            r => r.AddOrchestratorFunc<string, string>("Slow", async (ctx, _) => await ctx.CallActivityAsync<string>("Work"))
                .AddActivityFunc<string, string>("Work", (_, _) => "ran again"),
            store: store);
        Assert.Equal("finished", (await next.CompleteAsync(id)).ReadOutputAs<string>());
    }
}
