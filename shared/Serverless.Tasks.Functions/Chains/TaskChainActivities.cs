using System.Text.Json;
using Serverless.DurableTask;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>
/// Enqueues a chain's step: its run id (idempotent; a held root run is released), as a chain step (not its own chain),
/// with the chain as the parent its end is reported to. Returns the run when it has ended already (aborted while held),
/// so the chain does not wait for an event that never comes; null otherwise.
/// </summary>
internal sealed class TaskChainReleaseActivity(ITaskClient tasks) : TaskActivity<TaskChainRelease, JsonElement?>
{
    public override async Task<JsonElement?> RunAsync(TaskActivityContext context, TaskChainRelease input)
    {
        ArgumentNullException.ThrowIfNull(input);
        JsonElement? parameters = input.Parameters is null ? null : JsonDocument.Parse(input.Parameters).RootElement.Clone();
        var options = new EnqueueOptions { RunId = input.RunId, AsChainStep = true, ParentInstanceId = input.InstanceId };
        await tasks.EnqueueAsync(input.Task, parameters, options).ConfigureAwait(false);
        var run = await tasks.GetRunAsync(input.RunId).ConfigureAwait(false);
        return run is { IsFinished: true } ? TaskChains.ToEvent(run) : null;
    }
}

/// <summary>Aborts the held run of a chain whose prerequisites failed, so its record shows why it never ran.</summary>
internal sealed class TaskChainAbortActivity(ITaskClient tasks) : TaskActivity<TaskChainAbort, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, TaskChainAbort input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return tasks.AbortAsync(input.RunId, input.Reason);
    }
}
