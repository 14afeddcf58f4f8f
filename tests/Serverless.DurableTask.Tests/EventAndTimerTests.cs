using Serverless.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests;

public sealed class EventAndTimerTests
{
    [Fact]
    public async Task WaitForExternalEvent_RaisedAfterWait_ReturnsPayload()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, int>("Waiter", async (ctx, _) => await ctx.WaitForExternalEvent<int>("Number") * 2));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", TestContext.Current.CancellationToken);
        await host.Client.WaitForInstanceStartAsync(id, TestContext.Current.CancellationToken);

        await host.Client.RaiseEventAsync(id, "number", 21, TestContext.Current.CancellationToken);

        Assert.Equal(42, (await host.CompleteAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeWait_IsBufferedInOrder()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("LateWaiter", async (ctx, _) =>
            {
                await ctx.WaitForExternalEvent<string>("Go");
                var first = await ctx.WaitForExternalEvent<string>("Item");
                var second = await ctx.WaitForExternalEvent<string>("Item");
                return first + second;
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("LateWaiter", TestContext.Current.CancellationToken);
        await host.Client.WaitForInstanceStartAsync(id, TestContext.Current.CancellationToken);

        await host.Client.RaiseEventAsync(id, "Item", "a", TestContext.Current.CancellationToken);
        await host.Client.RaiseEventAsync(id, "Item", "b", TestContext.Current.CancellationToken);
        await host.Client.RaiseEventAsync(id, "Go", "now", TestContext.Current.CancellationToken);

        Assert.Equal("ab", (await host.CompleteAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_Timeout_ThrowsTaskCanceledAfterTimeout()
    {
        var time = DurableTestHost.NewFakeTime();
        await using var host = await DurableTestHost.StartAsync(
            r => r.AddOrchestratorFunc<string, string>("TimesOut", async (ctx, _) =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("Approval", TimeSpan.FromMinutes(5));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            }),
            time);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("TimesOut", TestContext.Current.CancellationToken);
        await Poll.UntilAsync(async () => (await host.Client.GetInstanceAsync(id, TestContext.Current.CancellationToken))!.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("timed out", (await host.CompleteAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_WithTimeout_EventWins()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("EventWins", async (ctx, _) => await ctx.WaitForExternalEvent<string>("Approval", TimeSpan.FromDays(1))));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("EventWins", TestContext.Current.CancellationToken);
        await host.Client.WaitForInstanceStartAsync(id, TestContext.Current.CancellationToken);

        await host.Client.RaiseEventAsync(id, "Approval", "yes", TestContext.Current.CancellationToken);

        Assert.Equal("yes", (await host.CompleteAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task CreateTimer_FiresOnlyAtDueTime()
    {
        var time = DurableTestHost.NewFakeTime();
        await using var host = await DurableTestHost.StartAsync(
            r => r.AddOrchestratorFunc<string, DateTime>("Sleeper", async (ctx, _) =>
            {
                await ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
                return ctx.CurrentUtcDateTime;
            }),
            time);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", TestContext.Current.CancellationToken);
        await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, TestContext.Current.CancellationToken)).Count > 0, "timer scheduled");

        time.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(200, TestContext.Current.CancellationToken); // the store polls every 50 ms: nothing may fire early
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id, TestContext.Current.CancellationToken))!.RuntimeStatus);
        time.Advance(TimeSpan.FromMinutes(1));

        var result = await host.CompleteAsync(id);
        Assert.Equal(new DateTime(2026, 1, 1, 1, 0, 0, DateTimeKind.Utc), result.ReadOutputAs<DateTime>());
    }

    [Fact]
    public async Task ScheduleNew_StartAt_StaysPendingUntilThen()
    {
        var time = DurableTestHost.NewFakeTime();
        await using var host = await DurableTestHost.StartAsync(
            r => r.AddOrchestratorFunc<string, string>("Later", (_, _) => Task.FromResult<string>("ran")),
            time);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            "Later", new StartOrchestrationOptions(StartAt: time.GetUtcNow().AddMinutes(10)), TestContext.Current.CancellationToken);

        await Task.Delay(200, TestContext.Current.CancellationToken); // nothing may start early
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(id, TestContext.Current.CancellationToken))!.RuntimeStatus);
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal("ran", (await host.CompleteAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task SendEvent_ToAnotherOrchestration_Delivered()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Receiver", async (ctx, _) => await ctx.WaitForExternalEvent<string>("Ping"))
            .AddOrchestratorFunc<string, string>("Sender", (ctx, target) =>
            {
                ctx.SendEvent(target!, "Ping", "pong");
                return Task.FromResult<string>("sent");
            }));
        var receiver = await host.Client.ScheduleNewOrchestrationInstanceAsync("Receiver", TestContext.Current.CancellationToken);
        await host.Client.WaitForInstanceStartAsync(receiver, TestContext.Current.CancellationToken);

        await host.RunAsync("Sender", receiver);

        Assert.Equal("pong", (await host.CompleteAsync(receiver)).ReadOutputAs<string>());
    }
}
