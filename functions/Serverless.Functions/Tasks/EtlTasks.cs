using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Serverless.Tasks;

namespace Serverless.Functions.Tasks;

/// <summary>Where extract reads from.</summary>
public sealed record ExtractParams([property: Required, Url] string Url = "https://example.org/stats");

/// <summary>The data passed along the chain: each task's result is the next one's parameters.</summary>
public sealed record EtlData(IReadOnlyDictionary<string, int> Values);

/// <summary>
/// easyjobs' ETL idiom: extract runs every hour and names transform as its run_after; transform names load; load has
/// retries and an on_failure handler. The chain runs as a Durable orchestration (serverless_task_chain), so a crash mid-chain
/// resumes where it stopped. Start one by hand: POST /api/tasks/etl_extract/runs with the master key.
/// </summary>
public static class EtlTasks
{
    [Task("etl_extract", Cron = "0 * * * *", RunAfter = "etl_transform", MaxRetries = 3, DefaultParameters = """{"url":"https://example.org/stats"}""")]
    public static Task<EtlData> Extract(TaskContext<ExtractParams> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogInformation("extract from {Url}", context.Parameters.Url);
        return Task.FromResult(new EtlData(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 3 }));
    }

    [Task("etl_transform", RunAfter = "etl_load", MaxRetries = 3)]
    public static Task<EtlData> Transform(TaskContext<EtlData> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(new EtlData(context.Parameters.Values.ToDictionary(p => p.Key, p => p.Value + 2)));
    }

    [Task("etl_load", OnFailure = "etl_failure_notify", MaxRetries = 2, RetryDelay = "00:00:05")]
    public static Task<int> Load(TaskContext<EtlData> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogInformation("load {Count} values", context.Parameters.Values.Count);
        return Task.FromResult(context.Parameters.Values.Count);
    }

    /// <summary>Receives the failure details once load's retries are exhausted; retries until it gets through.</summary>
    [Task("etl_failure_notify", RetryPolicy = TaskRetryPolicy.RetryAlways, Priority = TaskPriority.Critical)]
    public static Task Notify(TaskContext<TaskFailure> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogError("ETL run {RunId} of {Task} failed after {Attempts} attempts: {Error}",
            context.Parameters.RunId, context.Parameters.Task, context.Parameters.Attempts, context.Parameters.Error.Message);
        return Task.CompletedTask;
    }
}
