using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Replay;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests;

public sealed class ReplayTests
{
    [Fact]
    public async Task Replay_CodeChangedBetweenEpisodes_FailsWithNonDeterminismNamingBothActions()
    {
        var changed = false;
        await using var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc<string, string>("Changing", async (ctx, _) =>
                {
                    await ctx.CallActivityAsync<string>(Volatile.Read(ref changed) ? "Beta" : "Alpha");
                    return await ctx.WaitForExternalEvent<string>("Go");
                })
                .AddActivityFunc<string, string>("Alpha", (_, _) => "a")
                .AddActivityFunc<string, string>("Beta", (_, _) => "b"),
            configure: o => o.ExtendedSessionsEnabled = false);
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Changing", ct);
        await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, ct)).OfType<TaskCompletedEvent>().Any(), "activity done");

        Volatile.Write(ref changed, true);
        await host.Client.RaiseEventAsync(id, "Go", "x", ct);

        var result = await host.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("activity 'Alpha'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'Beta'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_CodeDropsAnAction_FailsWithNonDeterminism()
    {
        var changed = false;
        await using var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc<string, string>("Dropping", async (ctx, _) =>
                {
                    if (!Volatile.Read(ref changed))
                    {
                        await ctx.CreateTimer(TimeSpan.FromMilliseconds(1), CancellationToken.None);
                    }

                    return await ctx.WaitForExternalEvent<string>("Go");
                }),
            configure: o => o.ExtendedSessionsEnabled = false);
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Dropping", ct);
        await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, ct)).OfType<TimerFiredEvent>().Any(), "timer fired");

        Volatile.Write(ref changed, true);
        await host.Client.RaiseEventAsync(id, "Go", "x", ct);

        var result = await host.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("durable timer", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("did not issue", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsReplaying_TrueOnlyForHistory_ReplaySafeLoggerSkipsReplays()
    {
        var flags = new List<bool>();
        await using var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc<string, string>("Flags", async (ctx, _) =>
                {
                    flags.Add(ctx.IsReplaying);
                    await ctx.CallActivityAsync<string>("Noop");
                    flags.Add(ctx.IsReplaying);
                    await ctx.CallActivityAsync<string>("Noop");
                    flags.Add(ctx.IsReplaying);
                    return "ok";
                })
                .AddActivityFunc<string, string>("Noop", (_, _) => "n"),
            configure: o => o.ExtendedSessionsEnabled = false);

        await host.RunAsync("Flags");

        // Episode 1: [false]; episode 2: [true, false]; episode 3: [true, true, false].
        Assert.Equal([false, true, false, true, true, false], flags);
    }

    [Fact]
    public async Task CreateReplaySafeLogger_ReplayedSteps_LoggedOnce()
    {
        var provider = new CapturingLoggerProvider();
        await using var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc<string, string>("Logs", async (ctx, _) =>
                {
                    var logger = ctx.CreateReplaySafeLogger("Orchestrations.Logs");
                    for (var i = 0; i < 3; i++)
                    {
                        logger.LogInformation("step {Step}", i);
                        await ctx.CallActivityAsync<string>("Noop");
                    }

                    return "ok";
                })
                .AddActivityFunc<string, string>("Noop", (_, _) => "n"),
            configure: o => o.ExtendedSessionsEnabled = false,
            services: s => s.AddLogging(b => b.AddProvider(provider)));

        await host.RunAsync("Logs");

        Assert.Equal(["step 0", "step 1", "step 2"], provider.Messages("Orchestrations.Logs"));
    }

    [Fact]
    public async Task ExtendedSessions_ChainOfTen_ReplaysHistoryOnlyOnce()
    {
        await using var host = await DurableTestHost.StartAsync(ChainOfTen);

        await host.RunAsync("ChainOfTen");

        Assert.Equal(1, host.Dispatcher.FullReplays);
    }

    [Fact]
    public async Task ExtendedSessionsOff_ChainOfTen_ReplaysEveryEpisode()
    {
        await using var host = await DurableTestHost.StartAsync(ChainOfTen, configure: o => o.ExtendedSessionsEnabled = false);

        var result = await host.RunAsync("ChainOfTen");

        Assert.Equal(11, host.Dispatcher.FullReplays);
        Assert.Equal(10, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ExtendedSessions_OwnershipLost_FallsBackToReplayAndCompletes()
    {
        var gate = new SemaphoreSlim(0);
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, int>("Gated", async (ctx, _) =>
            {
                var a = await ctx.CallActivityAsync<int>("Wait");
                var b = await ctx.CallActivityAsync<int>("Wait");
                return a + b;
            })
            .AddActivityFunc<string, int>("Wait", async (_, _) =>
            {
                await gate.WaitAsync(TestContext.Current.CancellationToken);
                return 1;
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Gated", TestContext.Current.CancellationToken);
        gate.Release();
        await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, TestContext.Current.CancellationToken)).OfType<TaskScheduledEvent>().Count() == 2, "second activity scheduled");
        var before = host.Dispatcher.FullReplays;

        host.Store.SimulateOwnershipLoss();
        gate.Release();

        Assert.Equal(2, (await host.CompleteAsync(id)).ReadOutputAs<int>());
        Assert.Equal(before + 1, host.Dispatcher.FullReplays);
    }

    [Fact]
    public async Task NewGuid_SameAcrossReplays_AndVersion5()
    {
        await using var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc<string, Guid[]>("Guids", async (ctx, _) =>
                {
                    var first = ctx.NewGuid();
                    var echoed = await ctx.CallActivityAsync<Guid>("Echo", first);
                    return [first, echoed, ctx.NewGuid()];
                })
                .AddActivityFunc<Guid, Guid>("Echo", (_, g) => g),
            configure: o => o.ExtendedSessionsEnabled = false);

        var guids = (await host.RunAsync("Guids")).ReadOutputAs<Guid[]>()!;

        Assert.Equal(guids[0], guids[1]);
        Assert.NotEqual(guids[0], guids[2]);
        Assert.Equal('5', guids[0].ToString()[14]);
    }

    [Fact]
    public void DeterministicGuid_KnownVector_MatchesRfc4122Version5()
    {
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), DeterministicGuid.Create(dns, "python.org"));
    }

    [Fact]
    public async Task CurrentUtcDateTime_IsEpisodeStartTime_FromFakeClock()
    {
        var time = DurableTestHost.NewFakeTime();
        await using var host = await DurableTestHost.StartAsync(
            r => r.AddOrchestratorFunc<string, DateTime>("Now", (ctx, _) => Task.FromResult(ctx.CurrentUtcDateTime)),
            time);

        var result = await host.RunAsync("Now");

        Assert.Equal(time.GetUtcNow().UtcDateTime, result.ReadOutputAs<DateTime>());
    }

    [Fact]
    public async Task Orchestrator_AwaitsNonDurableTask_FailsInsteadOfHanging()
    {
        var never = new TaskCompletionSource();
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Illegal", async (ctx, _) =>
            {
                await never.Task;
                return "unreachable";
            }));

        var result = await host.RunAsync("Illegal");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("not durable", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    private static void ChainOfTen(Engine.DurableTaskRegistry r) => r
        .AddOrchestratorFunc<string, int>("ChainOfTen", async (ctx, _) =>
        {
            var total = 0;
            for (var i = 0; i < 10; i++)
            {
                total += await ctx.CallActivityAsync<int>("One");
            }

            return total;
        })
        .AddActivityFunc<string, int>("One", (_, _) => 1);
}
