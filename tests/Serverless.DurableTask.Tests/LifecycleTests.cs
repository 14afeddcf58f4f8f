using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests;

public sealed class LifecycleTests
{
    private static void WaitsForGo(Engine.DurableTaskRegistry r) =>
        r.AddOrchestratorFunc<string, string>("WaitsForGo", async (ctx, _) =>
        {
            ctx.SetCustomStatus(new { stage = "waiting" });
            return await ctx.WaitForExternalEvent<string>("Go");
        });

    [Fact]
    public async Task SuspendResume_EventsWhileSuspended_AppliedAfterResume()
    {
        await using var host = await DurableTestHost.StartAsync(WaitsForGo);
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo", ct);
        await host.Client.WaitForInstanceStartAsync(id, ct);

        await host.Client.SuspendInstanceAsync(id, "maintenance", ct);
        await Poll.UntilAsync(async () => (await host.Client.GetInstanceAsync(id, ct))!.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspended");
        await host.Client.RaiseEventAsync(id, "Go", "went", ct);
        await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, ct)).OfType<EventRaisedEvent>().Any(), "event recorded");
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await host.Client.GetInstanceAsync(id, ct))!.RuntimeStatus);

        await host.Client.ResumeInstanceAsync(id, "done", ct);

        var result = await host.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("went", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_Running_TerminatedWithOutput()
    {
        await using var host = await DurableTestHost.StartAsync(WaitsForGo);
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo", ct);
        await host.Client.WaitForInstanceStartAsync(id, ct);

        await host.Client.TerminateInstanceAsync(id, "stopped by test", ct);

        var result = await host.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("stopped by test", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SetCustomStatus_VisibleToClient()
    {
        await using var host = await DurableTestHost.StartAsync(WaitsForGo);
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo", ct);

        var metadata = await Poll.ForValueAsync(
            async () => await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true, ct) is { SerializedCustomStatus: not null } m ? m : null,
            "custom status");

        Assert.Equal("waiting", metadata.ReadCustomStatusAs<Dictionary<string, string>>()!["stage"]);
        Assert.True(metadata.IsRunning);
    }

    [Fact]
    public async Task ScheduleNew_DuplicateRunningInstanceId_Throws()
    {
        await using var host = await DurableTestHost.StartAsync(WaitsForGo);
        var ct = TestContext.Current.CancellationToken;
        await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo", new StartOrchestrationOptions("dup"), ct);

        var ex = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo", new StartOrchestrationOptions("dup"), ct));
        Assert.Contains("'dup'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartAsync_SameAndNewInstanceId_RunsAgainWithOriginalInput()
    {
        var runs = 0;
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Echo", async (ctx, input) => await ctx.CallActivityAsync<string>("Count", input))
            .AddActivityFunc<string, string>("Count", (_, input) => $"{input}:{Interlocked.Increment(ref runs)}"));
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "in", new StartOrchestrationOptions("restart-me"), ct);
        await host.CompleteAsync(id);

        var sameId = await host.Client.RestartAsync(id, restartWithNewInstanceId: false, ct);
        Assert.Equal(id, sameId);
        await Poll.UntilAsync(() => Volatile.Read(ref runs) == 2, "second run");
        var second = await host.CompleteAsync(sameId);
        var newId = await host.Client.RestartAsync(id, restartWithNewInstanceId: true, ct);
        var third = await host.CompleteAsync(newId);

        Assert.Equal("in:2", second.ReadOutputAs<string>());
        Assert.NotEqual(id, newId);
        Assert.Equal("in:3", third.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RestartAsync_RunningSameId_Throws()
    {
        await using var host = await DurableTestHost.StartAsync(WaitsForGo);
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo", ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RestartAsync(id, false, ct));
    }

    [Fact]
    public async Task Purge_CompletedInstance_RemovedRunningKept()
    {
        await using var host = await DurableTestHost.StartAsync(r =>
        {
            WaitsForGo(r);
            r.AddOrchestratorFunc<string, string>("Quick", (_, _) => Task.FromResult<string>("q"));
        });
        var ct = TestContext.Current.CancellationToken;
        var done = (await host.RunAsync("Quick")).InstanceId;
        var done2 = (await host.RunAsync("Quick")).InstanceId;
        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo", ct);
        await host.Client.WaitForInstanceStartAsync(running, ct);

        Assert.Equal(1, (await host.Client.PurgeInstanceAsync(done, ct)).PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(done, ct));
        Assert.Equal(0, (await host.Client.PurgeInstanceAsync(running, ct)).PurgedInstanceCount);
        Assert.Equal(1, (await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Completed]), ct)).PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(done2, ct));
        Assert.NotNull(await host.Client.GetInstanceAsync(running, ct));
    }

    [Fact]
    public async Task RaiseEvent_UnknownInstance_ThrowsArgumentException()
    {
        await using var host = await DurableTestHost.StartAsync(WaitsForGo);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.RaiseEventAsync("nobody", "Go", null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetInstanceAsync_WithoutInputs_ReadThrowsAndFieldsNull()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestratorFunc<string, string?>("Quick", (_, i) => Task.FromResult(i)));
        var id = (await host.RunAsync("Quick", "x")).InstanceId;

        var metadata = await host.Client.GetInstanceAsync(id, TestContext.Current.CancellationToken);

        Assert.NotNull(metadata);
        Assert.Null(metadata.SerializedInput);
        Assert.Throws<InvalidOperationException>(() => metadata.ReadInputAs<string>());
        Assert.True(metadata.IsCompleted);
        Assert.Equal("Quick", metadata.Name);
    }

    [Fact]
    public async Task GetAllInstancesAsync_PagingAndFilters_ReturnsEveryMatchOnce()
    {
        await using var host = await DurableTestHost.StartAsync(r =>
        {
            WaitsForGo(r);
            r.AddOrchestratorFunc<string, string>("Quick", (_, _) => Task.FromResult<string>("q"));
        });
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 25; i++)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", new StartOrchestrationOptions($"page-{i:D2}"), ct);
        }

        await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitsForGo", new StartOrchestrationOptions("other-1"), ct);
        foreach (var i in Enumerable.Range(0, 25))
        {
            await host.CompleteAsync($"page-{i:D2}");
        }

        var pages = new List<int>();
        var ids = new List<string>();
        await foreach (var page in host.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "page-", PageSize: 10)).AsPages())
        {
            pages.Add(page.Values.Count);
            ids.AddRange(page.Values.Select(v => v.InstanceId));
        }

        var completed = new List<string>();
        await foreach (var m in host.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], PageSize: 7)))
        {
            completed.Add(m.InstanceId);
        }

        Assert.Equal([10, 10, 5], pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"page-{i:D2}"), ids);
        Assert.Equal(25, completed.Count);
        Assert.DoesNotContain("other-1", completed);
    }
}
