using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Serverless.Tasks.Functions.Chains;

/// <summary>
/// The chain of one run: the prerequisites' chains in parallel (each with its task's default parameters), then the run
/// itself (released from hold, or enqueued as a chain step), waiting for the event its end raises, then the next task's
/// chain with the run's result as its parameters. A step that does not succeed fails the chain naming the step; the
/// later steps do not run, and a root run whose prerequisites failed is aborted with the reason. Returns the last
/// step's run (TaskJson). A worker that dies mid-chain loses nothing: the orchestration replays and waits on.
/// </summary>
/// <remarks>Orchestrator code: deterministic, awaits only the context's tasks (ConfigureAwait(true) keeps it on the orchestration's scheduler).</remarks>
public sealed class TaskChainOrchestrator(TaskCatalog catalog)
{
    [Function(TaskChains.OrchestratorName)]
    public async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<TaskChainInput>() ?? throw new InvalidOperationException($"Task chain '{context.InstanceId}' has no input.");
        var task = catalog.Get(input.Task);
        if (task.RunBefore.Count > 0)
        {
            await RunPrerequisitesAsync(context, task, input).ConfigureAwait(true);
        }

        var finished = await context.CallActivityAsync<string?>(TaskChains.ReleaseActivity, new TaskChainRelease(task.Name, input.RunId, input.Parameters, context.InstanceId)).ConfigureAwait(true);
        var ended = finished ?? await context.WaitForExternalEvent<string>(input.RunId).ConfigureAwait(true);
        var run = JsonSerializer.Deserialize<TaskRun>(ended, TaskJson.Options)!;
        if (run.Status != TaskRunStatus.Succeeded)
        {
            throw TaskChainFailedException.StepEnded(context.InstanceId, run);
        }

        if (task.RunAfter is not { } next)
        {
            return ended;
        }

        var nextRunId = TaskChains.AfterRunId(input.RunId, next);
        try
        {
            return await context.CallSubOrchestratorAsync<string>(
                TaskChains.OrchestratorName,
                new TaskChainInput(next, nextRunId, run.Result?.GetRawText()),
                new SubOrchestrationOptions(instanceId: TaskChains.InstanceId(nextRunId))).ConfigureAwait(true);
        }
        catch (TaskFailedException e)
        {
            throw new TaskChainFailedException($"Task chain '{context.InstanceId}': the next task '{next}' failed. {e.FailureDetails.ErrorMessage}", e);
        }
    }

    private static async Task RunPrerequisitesAsync(TaskOrchestrationContext context, TaskDefinition task, TaskChainInput input)
    {
        var prerequisites = task.RunBefore
            .Select(name =>
            {
                var runId = TaskChains.BeforeRunId(input.RunId, name);
                return (Name: name, Chain: context.CallSubOrchestratorAsync<string>(
                    TaskChains.OrchestratorName,
                    new TaskChainInput(name, runId, Parameters: null),
                    new SubOrchestrationOptions(instanceId: TaskChains.InstanceId(runId))));
            })
            .ToList();
        try
        {
            await Task.WhenAll(prerequisites.Select(p => p.Chain)).ConfigureAwait(true);
        }
        catch (TaskFailedException)
        {
            var failures = prerequisites
                .Where(p => p.Chain.IsFaulted)
                .Select(p => $"'{p.Name}': {(p.Chain.Exception?.InnerException as TaskFailedException)?.FailureDetails.ErrorMessage}");
            var reason = $"prerequisites of task '{task.Name}' failed: {string.Join("; ", failures)}";
            await context.CallActivityAsync<bool>(TaskChains.AbortActivity, new TaskChainAbort(input.RunId, reason)).ConfigureAwait(true);
            throw new TaskChainFailedException($"Task chain '{context.InstanceId}': {reason}. Task '{task.Name}' (run '{input.RunId}') does not run.");
        }
    }
}
