using Serverless.DurableTask.Client;
using Serverless.DurableTask.Tests.DocPatterns;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests;

public sealed class DocPatternTests
{
    [Fact]
    public async Task FunctionChaining_HelloCities_ReturnsThreeGreetings()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc(nameof(HelloCities), HelloCities.RunOrchestrator)
            .AddActivityFunc<string, string>(nameof(HelloCities.SayHello), (_, name) => HelloCities.SayHello(name!)));

        var result = await host.RunAsync(nameof(HelloCities));

        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], result.ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task FanOutFanIn_SumsWorkBatchAndSendsToF3()
    {
        var f3 = new TaskCompletionSource<int>();
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc("FanOutFanIn", FanOutFanIn.Run)
            .AddActivityFunc<string, object[]>("F1", (_, _) => Enumerable.Range(1, 20).Cast<object>().ToArray())
            .AddActivityFunc<int, int>("F2", (_, i) => i * 2)
            .AddActivityFunc<int>("F3", (_, sum) =>
            {
                f3.TrySetResult(sum);
                return Task.CompletedTask;
            }));

        var result = await host.RunAsync("FanOutFanIn");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(420, await f3.Task);
    }

    [Fact]
    public async Task HumanInteraction_ApprovalArrives_ProcessesApproval()
    {
        var processed = new TaskCompletionSource<bool>();
        await using var host = await DurableTestHost.StartAsync(r => Approval(r, processed, new TaskCompletionSource()));
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("ApprovalWorkflow", ct);
        await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, ct)).OfType<Engine.Storage.TimerCreatedEvent>().Any(), "waiting for approval");

        await host.Client.RaiseEventAsync(id, "ApprovalEvent", true, ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.CompleteAsync(id)).RuntimeStatus);
        Assert.True(await processed.Task);
    }

    [Fact]
    public async Task HumanInteraction_NoApprovalIn72Hours_Escalates()
    {
        var time = DurableTestHost.NewFakeTime();
        var escalated = new TaskCompletionSource();
        await using var host = await DurableTestHost.StartAsync(r => Approval(r, new TaskCompletionSource<bool>(), escalated), time);
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("ApprovalWorkflow", ct);
        await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, ct)).OfType<Engine.Storage.TimerCreatedEvent>().Any(), "waiting for approval");

        time.Advance(TimeSpan.FromHours(72));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.CompleteAsync(id)).RuntimeStatus);
        Assert.True(escalated.Task.IsCompleted);
    }

    [Fact]
    public async Task Monitor_PollsEvery30SecondsUntilCompleted_ThenAlerts()
    {
        var time = DurableTestHost.NewFakeTime();
        var polls = 0;
        var alerted = new TaskCompletionSource<string>();
        await using var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc("MonitorJobStatus", ctx => MonitorJobStatus.Run(ctx, "job-7"))
                .AddActivityFunc<string, string>("GetJobStatus", (_, _) => Interlocked.Increment(ref polls) >= 3 ? "Completed" : "Running")
                .AddActivityFunc<string>("SendAlert", (_, jobId) =>
                {
                    alerted.TrySetResult(jobId!);
                    return Task.CompletedTask;
                }),
            time);
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("MonitorJobStatus", ct);

        for (var timers = 1; timers <= 2; timers++)
        {
            var expected = timers;
            await Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, ct)).OfType<Engine.Storage.TimerCreatedEvent>().Count() == expected, $"timer {expected}");
            time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.CompleteAsync(id)).RuntimeStatus);
        Assert.Equal("job-7", await alerted.Task);
        Assert.Equal(3, polls);
    }

    private static void Approval(Engine.DurableTaskRegistry r, TaskCompletionSource<bool> processed, TaskCompletionSource escalated) => r
        .AddOrchestratorFunc("ApprovalWorkflow", ApprovalWorkflow.Run)
        .AddActivityFunc<object, object?>("RequestApproval", (_, _) => (object?)null)
        .AddActivityFunc<bool>("ProcessApproval", (_, approved) =>
        {
            processed.TrySetResult(approved);
            return Task.CompletedTask;
        })
        .AddActivityFunc<object>("Escalate", (_, _) =>
        {
            escalated.TrySetResult();
            return Task.CompletedTask;
        });
}
