using System.Text.Json;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>
/// The names and ids of task chains. A task with RunBefore/RunAfter runs as the durable orchestration
/// <see cref="OrchestratorName"/>, instance <c>taskchain-{runId}</c>: the chain of a run id waits for that run, its
/// prerequisites' chains have the run ids <c>{runId}.before.{task}</c> and its next task's chain <c>{runId}.after.{task}</c>.
/// </summary>
internal static class TaskChains
{
    public const string OrchestratorName = "serverless-task-chain";

    /// <summary>Enqueues a chain's step (its run id, as a chain step, with the chain as its parent) and reads it back.</summary>
    public const string ReleaseActivity = "serverless-task-chain-release";

    /// <summary>Aborts the held run of a chain whose prerequisites failed, with the reason.</summary>
    public const string AbortActivity = "serverless-task-chain-abort";

    public static string InstanceId(string runId) => $"taskchain-{runId}";

    public static string BeforeRunId(string runId, string task) => $"{runId}.before.{task}";

    public static string AfterRunId(string runId, string task) => $"{runId}.after.{task}";

    /// <summary>A run as the event data of its chain (TaskJson: enums as strings).</summary>
    public static JsonElement ToEvent(TaskRun run) => JsonSerializer.SerializeToElement(run, TaskJson.Options);

    public static TaskRun FromEvent(JsonElement data) =>
        data.Deserialize<TaskRun>(TaskJson.Options) ?? throw new InvalidOperationException("A task chain event carries no run.");
}

/// <summary>The input of a chain: the task, the run id its step gets, and the parameters (JSON) for that run.</summary>
internal sealed record TaskChainInput(string Task, string RunId, string? Parameters);

/// <summary>The release activity's input: enqueue this run as a step of the chain <paramref name="InstanceId"/>.</summary>
internal sealed record TaskChainRelease(string Task, string RunId, string? Parameters, string InstanceId);

/// <summary>The abort activity's input.</summary>
internal sealed record TaskChainAbort(string RunId, string Reason);
