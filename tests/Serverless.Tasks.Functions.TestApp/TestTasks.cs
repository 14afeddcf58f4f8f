using System.ComponentModel.DataAnnotations;

namespace Serverless.Tasks.Functions.TestApp;

/// <summary>The parameters of <c>typed</c>: DataAnnotations the HTTP API checks before anything is written.</summary>
public sealed record Greeting([property: Required, StringLength(20, MinimumLength = 2)] string Name, [property: Range(1, 5)] int Times = 1);

/// <summary>
/// Tasks for the end-to-end tests. The blocking ones write a marker file into the folder of setting TESTAPP_MARKERS
/// (<c>{run id}.{attempt}</c>) when they start, so a test knows the run is executing before it kills the worker.
/// </summary>
public static class TestTasks
{
    [Task("noop_low", Priority = TaskPriority.Low)]
    public static Task NoOpLow(TaskContext context) => Task.CompletedTask;

    [Task("noop_critical", Priority = TaskPriority.Critical)]
    public static Task<string> NoOpCritical(TaskContext context) => Task.FromResult(context.RunId);

    /// <summary>For many schedules at once (the benchmark's): no limit on instances running together.</summary>
    [Task("noop_scheduled", Priority = TaskPriority.Critical, MaxInstances = 0)]
    public static Task NoOpScheduled(TaskContext context) => Task.CompletedTask;

    [Task("typed")]
    public static Task<string> Typed(TaskContext<Greeting> context) =>
        Task.FromResult(string.Join(" ", Enumerable.Repeat($"hello {context.Parameters.Name}", context.Parameters.Times)));

    /// <summary>At-most-once (the default): a worker killed while it runs must leave it failed, never run twice.</summary>
    [Task("block_once")]
    public static Task BlockOnce(TaskContext context) => MarkAndBlockAsync(context);

    /// <summary>At-least-once: a worker killed while attempt 1 runs makes attempt 2, which returns at once.</summary>
    [Task("block_retry", MaxRetries = 2, RetryDelay = "00:00:01")]
    public static async Task<int> BlockRetry(TaskContext context)
    {
        if (context.Attempt == 1)
        {
            await MarkAndBlockAsync(context).ConfigureAwait(false);
        }

        return context.Attempt;
    }

    /// <summary>Fails twice, then succeeds: retries with back-off.</summary>
    [Task("flaky", MaxRetries = 3, RetryDelay = "00:00:01", RetryJitter = false)]
    public static Task<int> Flaky(TaskContext context) =>
        context.Attempt < 3 ? throw new InvalidOperationException($"attempt {context.Attempt} fails") : Task.FromResult(context.Attempt);

    /// <summary>Always fails: after its retry the on-failure task gets the failure and the run is dead-lettered.</summary>
    [Task("doomed", MaxRetries = 1, RetryDelay = "00:00:01", OnFailure = "on_doomed")]
    public static Task Doomed(TaskContext context) => throw new InvalidOperationException("doomed to fail");

    [Task("on_doomed")]
    public static Task<string> OnDoomed(TaskContext<TaskFailure> context) => Task.FromResult($"{context.Parameters.Task}: {context.Parameters.Error.Message}");

    /// <summary>One at a time across all workers: the others wait in the queue (a concurrency slot each).</summary>
    [Task("one_at_a_time", MaxConcurrency = 1)]
    public static async Task OneAtATime(TaskContext context) => await Task.Delay(300, context.CancellationToken).ConfigureAwait(false);

    /// <summary>Runs from the idle lane, only while the worker's CPU is under the threshold.</summary>
    [Task("idle_only", Opportunistic = true, MemoryGiB = 0.1)]
    public static Task<string> IdleOnly(TaskContext context) => Task.FromResult("ran while idle");

    /// <summary>Longer than its schedule's interval: a firing while one runs is skipped (max instances 1).</summary>
    [Task("slow_scheduled", MaxInstances = 1)]
    public static async Task SlowScheduled(TaskContext context) => await Task.Delay(2500, context.CancellationToken).ConfigureAwait(false);

    internal static async Task MarkAndBlockAsync(TaskContext context)
    {
        var markers = Environment.GetEnvironmentVariable("TESTAPP_MARKERS") ?? Path.GetTempPath();
        await File.WriteAllTextAsync(Path.Combine(markers, $"{context.RunId}.{context.Attempt}"), context.RunId, context.CancellationToken).ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
    }
}
