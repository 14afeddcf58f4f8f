using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests;

public sealed class RetryTests
{
    [Fact]
    public async Task RetryPolicy_Backoff_WaitsExactDelaysOnDurableTimers()
    {
        var time = DurableTestHost.NewFakeTime();
        var attempts = 0;
        await using var host = await DurableTestHost.StartAsync(
            r => r
                .AddOrchestratorFunc<string, string>("Retrying", async (ctx, _) =>
                    await ctx.CallActivityAsync<string>("Flaky", options: TaskOptions.FromRetryPolicy(
                        new RetryPolicy(maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(10), backoffCoefficient: 2))))
                .AddActivityFunc<string, string>("Flaky", (_, _) =>
                    Interlocked.Increment(ref attempts) < 4 ? Throws.Exception<string>(new InvalidOperationException("not yet")) : "done"),
            time);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", TestContext.Current.CancellationToken);

        foreach (var (expectedAttempts, delay) in new[] { (1, 10), (2, 20), (3, 40) })
        {
            await Poll.UntilAsync(() => Volatile.Read(ref attempts) == expectedAttempts, $"attempt {expectedAttempts}");
            await Poll.UntilAsync(async () => (await TimersAsync(host, id)).Count == expectedAttempts, $"retry timer {expectedAttempts}");
            time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromMilliseconds(1));
            await Task.Yield();
            Assert.Equal(expectedAttempts, Volatile.Read(ref attempts));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var result = await host.CompleteAsync(id);
        Assert.Equal("done", result.ReadOutputAs<string>());
        Assert.Equal(4, attempts);
        var timers = await TimersAsync(host, id);
        Assert.Equal([10.0, 20.0, 40.0], timers.Select(t => (t.FireAt - t.Timestamp).TotalSeconds));
    }

    [Fact]
    public async Task RetryPolicy_MaxRetryInterval_CapsDelay()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(10), 3, maxRetryInterval: TimeSpan.FromSeconds(50));

        Assert.Equal(
            [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(50)],
            Enumerable.Range(1, 4).Select(policy.GetRetryDelay));
        Assert.Equal(TimeSpan.FromHours(1), new RetryPolicy(2, TimeSpan.FromSeconds(1)).MaxRetryInterval);
        Assert.Equal(Timeout.InfiniteTimeSpan, new RetryPolicy(2, TimeSpan.FromSeconds(1)).RetryTimeout);
    }

    [Theory]
    [InlineData(0, 1, 1.0, "maxNumberOfAttempts")]
    [InlineData(1, 0, 1.0, "firstRetryInterval")]
    [InlineData(1, 1, 0.5, "backoffCoefficient")]
    public void RetryPolicy_InvalidArguments_Throw(int attempts, int firstSeconds, double coefficient, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(attempts, TimeSpan.FromSeconds(firstSeconds), coefficient));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public async Task RetryPolicy_HandleFailureRejects_NoRetry()
    {
        var attempts = 0;
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Filtered", async (ctx, _) =>
                await ctx.CallActivityAsync<string>("Fails", options: TaskOptions.FromRetryPolicy(
                    new RetryPolicy(5, TimeSpan.FromMilliseconds(1)) { HandleFailure = f => f.IsCausedBy<TimeoutException>() })))
            .AddActivityFunc<string, string>("Fails", (_, _) =>
            {
                Interlocked.Increment(ref attempts);
                return Throws.Exception<string>(new InvalidOperationException("not a timeout"));
            }));

        var result = await host.RunAsync("Filtered");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task RetryPolicy_AllAttemptsFail_ThrowsAfterMaxAttempts()
    {
        var attempts = 0;
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Exhausted", async (ctx, _) =>
                await ctx.CallActivityAsync<string>("Fails", options: TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(1)))))
            .AddActivityFunc<string, string>("Fails", (_, _) =>
            {
                Interlocked.Increment(ref attempts);
                return Throws.Exception<string>(new TimeoutException("slow"));
            }));

        var result = await host.RunAsync("Exhausted");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(3, attempts);
        Assert.Contains("slow", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryHandler_Custom_SeesAttemptsAndFailures()
    {
        var attempts = 0;
        var seen = new List<string>();
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Handled", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("Fails", options: TaskOptions.FromRetryHandler(rc =>
                    {
                        if (!rc.OrchestrationContext.IsReplaying)
                        {
                            seen.Add($"{rc.LastAttemptNumber}:{rc.LastFailure.ErrorType}");
                        }

                        return rc.LastFailure.IsCausedBy<ApplicationException>() && rc.LastAttemptNumber < 3;
                    }));
                }
                catch (TaskFailedException)
                {
                    return "gave up";
                }
            })
            .AddActivityFunc<string, string>("Fails", (_, _) =>
            {
                Interlocked.Increment(ref attempts);
                return Throws.Exception<string>(new ApplicationException("again"));
            }));

        var result = await host.RunAsync("Handled");

        Assert.Equal("gave up", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
        Assert.Equal(["1:System.ApplicationException", "2:System.ApplicationException", "3:System.ApplicationException"], seen);
    }

    [Fact]
    public async Task AsyncRetryHandler_DurableTimerDelay_Retries()
    {
        var attempts = 0;
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("AsyncHandled", async (ctx, _) =>
                await ctx.CallActivityAsync<string>("FailsOnce", options: TaskOptions.FromRetryHandler(async rc =>
                {
                    await rc.OrchestrationContext.CreateTimer(TimeSpan.FromMilliseconds(1), rc.CancellationToken);
                    return rc.LastAttemptNumber < 2;
                })))
            .AddActivityFunc<string, string>("FailsOnce", (_, _) =>
                Interlocked.Increment(ref attempts) == 1 ? Throws.Exception<string>(new InvalidOperationException("first")) : "second"));

        var result = await host.RunAsync("AsyncHandled");

        Assert.Equal("second", result.ReadOutputAs<string>());
        Assert.Equal(2, attempts);
    }

    private static async Task<List<TimerCreatedEvent>> TimersAsync(DurableTestHost host, string id) =>
        [.. (await host.Store.GetHistoryAsync(id, TestContext.Current.CancellationToken)).OfType<TimerCreatedEvent>()];
}
