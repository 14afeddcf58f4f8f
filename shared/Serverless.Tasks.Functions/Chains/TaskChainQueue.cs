using System.Text.Json;
using Azure.Storage.Queues;
using Serverless.Tasks.Runtime;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>
/// Where the task runtime tells the chains what happened: a chain to start (a root run was enqueued) and a step that
/// ended. Both go to the chains queue, whose trigger (<see cref="TaskChainTrigger"/>) has the Durable client; the
/// runtime's own code runs where no Durable client binding exists (any function, the dispatcher).
/// </summary>
internal sealed class TaskChainQueue(TaskStorage storage, TaskCatalog catalog) : ITaskChainStarter, ITaskRunObserver
{
    private QueueClient Queue => storage.Queues.GetQueueClient(storage.Names.ChainsQueue);

    public async Task StartChainAsync(TaskDefinition task, string runId, JsonElement? parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var message = new TaskChainMessage(Start: new TaskChainInput(task.Name, runId, parameters?.GetRawText()));
        await Queue.SendMessageAsync(message.ToJson(), cancellationToken).ConfigureAwait(false);
    }

    public async Task OnRunEndedAsync(TaskRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var instanceId = run.ParentInstanceId
            ?? (catalog.TryGet(run.Task, out var task) && task.HasDependencies ? TaskChains.InstanceId(run.RunId) : null);
        if (instanceId is null)
        {
            return;
        }

        var message = new TaskChainMessage(InstanceId: instanceId, Ended: JsonSerializer.SerializeToElement(run, TaskJson.Options));
        await Queue.SendMessageAsync(message.ToJson(), cancellationToken).ConfigureAwait(false);
    }
}
