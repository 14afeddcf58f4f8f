using System.Text.Json;
using Microsoft.DurableTask;

namespace Serverless.Jobs.Functions;

/// <summary>Calls a CPU-bound job from an orchestration as one would call an activity.</summary>
public static class JobOrchestrationExtensions
{
    /// <summary>
    /// Runs the job task <paramref name="taskName"/> (registered in the app's <see cref="JobRegistry"/>, resources from its
    /// <see cref="CpuBoundAttribute"/>) with <paramref name="input"/> and returns its output; several ranks return an array
    /// of the ranks' outputs. The job runs as a separate process (a Container Apps execution in Azure) and is waited for
    /// by the <c>serverless_job</c> sub-orchestration, so no activity blocks for its duration.
    /// </summary>
    /// <param name="timeout">The run's wall-clock limit; null: the task's <see cref="CpuBoundAttribute.TimeoutSeconds"/>.</param>
    /// <param name="options">Retries (<see cref="TaskOptions.FromRetryPolicy"/>): each attempt is a new run.</param>
    /// <exception cref="TaskFailedException">
    /// The job failed, crashed, ran out of memory, timed out or was stopped; <c>FailureDetails</c> has the
    /// <see cref="JobFailedException"/> with the failure's kind, exit code and stderr tail.
    /// </exception>
    public static async Task<TResult?> CallJobAsync<TResult>(
        this TaskOrchestrationContext context,
        string taskName,
        object? input = null,
        TimeSpan? timeout = null,
        TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskName);
        var call = new JobCall(taskName, input is null ? null : JsonSerializer.SerializeToElement(input, JobJson.Options), Caller: context.InstanceId, timeout);
        var output = await context.CallSubOrchestratorAsync<JsonElement?>(JobOrchestrator.Name, call, options).ConfigureAwait(true);
        return output is { } json ? json.Deserialize<TResult>(JobJson.Options) : default;
    }
}
