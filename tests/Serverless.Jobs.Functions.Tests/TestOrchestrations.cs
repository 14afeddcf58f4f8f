using Serverless.DurableTask;
using Serverless.Worker;

namespace Serverless.Jobs.Functions.Tests;

/// <summary>What an orchestrator saw when its CPU-bound task failed.</summary>
public sealed record CaughtFailure(string TaskName, string ErrorType, string ErrorMessage);

/// <summary>Orchestrators that call the test tasks like activities.</summary>
public static class TestOrchestrations
{
    [Function("call_square")]
    public static Task<SquareOutput> CallSquare([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync<SquareOutput>("square_job", context.GetInput<SquareInput>());

    [Function("call_fail")]
    public static Task<CaughtFailure?> CallFail([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CatchAsync(context.CallActivityAsync<Empty>("fail_job", new FailInput("on purpose")));

    [Function("call_slow")]
    public static Task<CaughtFailure?> CallSlow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CatchAsync(context.CallActivityAsync<Empty>("slow_job", new Empty()));

    [Function("call_ranks")]
    public static async Task<long> CallRanks([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var ranks = await context.CallActivityAsync<RankOutput[]>("ranks_job", new RankInput(10));
        if (ranks.Length != 3 || ranks.Select(r => r.Rank).Where((rank, i) => rank != i).Any() || ranks.Any(r => r.RankCount != 3))
        {
            throw new InvalidOperationException($"unexpected ranks: {string.Join(", ", ranks.Select(r => r.ToString()))}");
        }

        return ranks.Sum(r => r.Value);
    }

    [Function("call_flaky_with_retry")]
    public static Task<string> CallFlakyWithRetry([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync<string>("flaky_job", context.GetInput<FlakyInput>(),
            TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 2, firstRetryInterval: TimeSpan.FromMilliseconds(200))));

    [Function("call_hold")]
    public static Task<string> CallHold([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync<string>("hold_job", context.GetInput<HoldInput>());

    private static async Task<CaughtFailure?> CatchAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (TaskFailedException e)
        {
            return new CaughtFailure(e.TaskName, e.FailureDetails.ErrorType, e.FailureDetails.ErrorMessage);
        }
    }
}
