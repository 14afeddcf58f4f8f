using System.Text.Json;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>
/// The names and ids of task chains. A task with RunBefore/RunAfter runs as the Durable orchestration
/// <see cref="OrchestratorName"/>, instance <c>taskchain-{runId}</c>: the chain of a run id waits for that run, its
/// prerequisites' chains have the run ids <c>{runId}.before.{task}</c> and its next task's chain <c>{runId}.after.{task}</c>.
/// </summary>
internal static class TaskChains
{
    public const string OrchestratorName = "serverless_task_chain";

    /// <summary>Enqueues a chain's step (its run id, as a chain step, with the chain as its parent) and reads it back.</summary>
    public const string ReleaseActivity = "serverless_task_chain_release";

    /// <summary>Aborts the held run of a chain whose prerequisites failed, with the reason.</summary>
    public const string AbortActivity = "serverless_task_chain_abort";

    public static string InstanceId(string runId) => $"taskchain-{runId}";

    public static string BeforeRunId(string runId, string task) => $"{runId}.before.{task}";

    public static string AfterRunId(string runId, string task) => $"{runId}.after.{task}";
}

/// <summary>The input of a chain: the task, the run id its step gets, and the parameters (JSON text) for that run.</summary>
public sealed record TaskChainInput(string Task, string RunId, string? Parameters);

/// <summary>The release activity's input: enqueue this run as a step of the chain <paramref name="InstanceId"/>.</summary>
public sealed record TaskChainRelease(string Task, string RunId, string? Parameters, string InstanceId);

/// <summary>The abort activity's input.</summary>
public sealed record TaskChainAbort(string RunId, string Reason);

/// <summary>
/// A message of the chains queue: start the chain of a root run (<paramref name="Start"/>), or tell a chain that its
/// step ended (<paramref name="Ended"/>, the run as TaskJson). The queue trigger that reads it has the Durable client.
/// </summary>
internal sealed record TaskChainMessage(TaskChainInput? Start = null, string? InstanceId = null, JsonElement? Ended = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, TaskJson.Options);

    public static TaskChainMessage Parse(string text) =>
        JsonSerializer.Deserialize<TaskChainMessage>(text, TaskJson.Options) is { } message && (message.Start is not null || message is { InstanceId: not null, Ended: not null })
            ? message
            : throw new FormatException($"Not a task chain message: {text}");
}
