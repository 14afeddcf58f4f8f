using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>
/// Starts the chain orchestration of a root run (written held by the client): instance <c>taskchain-{runId}</c>. An
/// instance that exists already (any status) is left alone, so starting the same run id twice does nothing.
/// </summary>
internal sealed class TaskChainStarter(IServiceProvider services, ILogger<TaskChainStarter> logger) : ITaskChainStarter
{
    public async Task StartChainAsync(TaskDefinition task, string runId, JsonElement? parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var client = services.GetRequiredService<DurableTaskClient>();
        var instanceId = TaskChains.InstanceId(runId);
        if (await client.GetInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false) is not null)
        {
            Log.ChainExists(logger, instanceId, runId);
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                TaskChains.OrchestratorName,
                new TaskChainInput(task.Name, runId, parameters?.GetRawText()),
                new StartOrchestrationOptions(instanceId),
                cancellationToken).ConfigureAwait(false);
            Log.ChainStarted(logger, instanceId, task.Name, runId);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            Log.ChainExists(logger, instanceId, runId);
        }
    }
}
