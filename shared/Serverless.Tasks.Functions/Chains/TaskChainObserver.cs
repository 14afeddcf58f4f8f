using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Client;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>
/// Tells a chain that its step ended: raises the event named after the run id, with the run as its data, on the run's
/// parent instance (a run of a task with dependencies without a parent is a chain root: <c>taskchain-{runId}</c>).
/// Idempotent: a chain that has completed is left alone, and a second event for a step is never awaited.
/// </summary>
internal sealed class TaskChainObserver(IServiceProvider services, TaskCatalog catalog, ILogger<TaskChainObserver> logger) : ITaskRunObserver
{
    public async Task OnRunEndedAsync(TaskRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var instanceId = run.ParentInstanceId
            ?? (catalog.TryGet(run.Task, out var task) && task.HasDependencies ? TaskChains.InstanceId(run.RunId) : null);
        if (instanceId is null)
        {
            return;
        }

        var client = services.GetRequiredService<DurableTaskClient>();
        var instance = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            Log.ChainMissing(logger, instanceId, run.Task, run.RunId);
            return;
        }

        if (instance.IsCompleted)
        {
            return;
        }

        Log.ChainStepEnded(logger, instanceId, run.Task, run.RunId, run.Status);
        await client.RaiseEventAsync(instanceId, run.RunId, TaskChains.ToEvent(run), cancellationToken).ConfigureAwait(false);
    }
}
