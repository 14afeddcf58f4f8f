using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>
/// Reads the chains queue (<c>%Serverless:Tasks:Queues:Chains%</c>): starts a root run's chain orchestration (instance
/// <c>taskchain-{runId}</c>; one that exists already is left alone, so a second start does nothing) or raises a step's
/// end on the chain waiting for it (a chain that has completed is left alone: a redelivered end is harmless).
/// </summary>
public sealed class TaskChainTrigger(ILogger<TaskChainTrigger> logger)
{
    [Function("serverless_tasks_chains")]
    public async Task RunAsync([QueueTrigger($"%{TaskLaneSettings.Chains}%")] string message, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var parsed = TaskChainMessage.Parse(message);
        if (parsed.Start is { } start)
        {
            var instanceId = TaskChains.InstanceId(start.RunId);
            if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is not null)
            {
                Log.ChainExists(logger, instanceId, start.RunId);
                return;
            }

            await client.ScheduleNewOrchestrationInstanceAsync(TaskChains.OrchestratorName, start, new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
            Log.ChainStarted(logger, instanceId, start.Task, start.RunId);
            return;
        }

        var run = parsed.Ended!.Value.Deserialize<TaskRun>(TaskJson.Options)!;
        var instance = await client.GetInstanceAsync(parsed.InstanceId!, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            // The chain's start may still be on its way (its message behind this one): the trigger gives this back.
            throw new InvalidOperationException($"Task chain '{parsed.InstanceId}' does not exist (yet): the end of step '{run.Task}' (run '{run.RunId}') is delivered again.");
        }

        if (instance.IsCompleted)
        {
            return;
        }

        Log.ChainStepEnded(logger, parsed.InstanceId!, run.Task, run.RunId, run.Status);
        await client.RaiseEventAsync(parsed.InstanceId!, run.RunId, parsed.Ended.Value.GetRawText(), cancellationToken).ConfigureAwait(false);
    }
}
