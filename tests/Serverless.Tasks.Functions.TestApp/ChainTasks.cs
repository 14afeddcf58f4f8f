namespace Serverless.Tasks.Functions.TestApp;

/// <summary>What a chain passes on: each step's result is the next step's parameters.</summary>
public sealed record ChainData(int Value, bool Block = false);

/// <summary>
/// Chains for the end-to-end tests: extract -> transform -> load (run_after, results passed on; transform blocks in its
/// first attempt when told to, so a test can kill the worker mid-chain), and run_before prerequisites that succeed or fail.
/// </summary>
public static class ChainTasks
{
    [Task("chain_extract", RunAfter = "chain_transform")]
    public static Task<ChainData> Extract(TaskContext<ChainData> context) =>
        Task.FromResult(context.Parameters with { Value = context.Parameters.Value + 1 });

    [Task("chain_transform", RunAfter = "chain_load", MaxRetries = 1, RetryDelay = "00:00:01")]
    public static async Task<ChainData> Transform(TaskContext<ChainData> context)
    {
        if (context.Parameters.Block && context.Attempt == 1)
        {
            await TestTasks.MarkAndBlockAsync(context).ConfigureAwait(false);
        }

        return new ChainData(context.Parameters.Value * 10);
    }

    [Task("chain_load")]
    public static Task<int> Load(TaskContext<ChainData> context) => Task.FromResult(context.Parameters.Value + 1);

    [Task("prep_a")]
    public static Task<string> PrepA(TaskContext context) => Task.FromResult("a ready");

    [Task("prep_b")]
    public static Task<string> PrepB(TaskContext context) => Task.FromResult("b ready");

    [Task("prep_broken")]
    public static Task PrepBroken(TaskContext context) => throw new InvalidOperationException("the database is down");

    [Task("configure_ok", RunBefore = ["prep_a", "prep_b"])]
    public static Task<string> ConfigureOk(TaskContext context) => Task.FromResult("configured");

    [Task("configure_broken", RunBefore = ["prep_a", "prep_broken"])]
    public static Task<string> ConfigureBroken(TaskContext context) => Task.FromResult("never");
}
