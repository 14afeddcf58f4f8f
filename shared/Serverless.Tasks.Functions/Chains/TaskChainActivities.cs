using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>The activities of a task chain: enqueue (or release) a step, abort a root whose prerequisites failed.</summary>
public sealed class TaskChainActivities(ITaskClient tasks)
{
    /// <summary>
    /// Enqueues a chain's step: its run id (idempotent; a held root run is released), as a chain step (not its own chain),
    /// with the chain as the parent its end is reported to. Returns the run (TaskJson) when it has ended already (aborted
    /// while held), so the chain does not wait for an event that never comes; null otherwise.
    /// </summary>
    [Function(TaskChains.ReleaseActivity)]
    public async Task<string?> ReleaseAsync([ActivityTrigger] TaskChainRelease input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        JsonElement? parameters = input.Parameters is null ? null : JsonDocument.Parse(input.Parameters).RootElement.Clone();
        var options = new EnqueueOptions { RunId = input.RunId, AsChainStep = true, ParentInstanceId = input.InstanceId };
        await tasks.EnqueueAsync(input.Task, parameters, options, cancellationToken).ConfigureAwait(false);
        var run = await tasks.GetRunAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        return run is { IsFinished: true } ? JsonSerializer.Serialize(run, TaskJson.Options) : null;
    }

    /// <summary>Aborts the held run of a chain whose prerequisites failed, so its record shows why it never ran.</summary>
    [Function(TaskChains.AbortActivity)]
    public Task<bool> AbortAsync([ActivityTrigger] TaskChainAbort input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return tasks.AbortAsync(input.RunId, input.Reason, cancellationToken);
    }
}
