using System.Text.Json;
using Microsoft.Extensions.Logging;
using Serverless.Jobs;
using Serverless.Jobs.Functions;

namespace Serverless.Tasks.Functions.CpuBound;

/// <summary>
/// Runs one attempt of a CPU-bound task as a job (a child process of the app's own binary locally, a Container Apps
/// job execution in Azure): the run's facts and parameters go to the job's input blob, the job runs the task in job mode
/// (<see cref="TaskJobs"/>), and its output is the run's result. When the run's token fires (abort, timeout, shutdown)
/// the job is cancelled, which kills its processes.
/// </summary>
internal sealed class JobTaskRunner(JobStore store, IJobLauncher launcher, ILogger<JobTaskRunner> logger) : ICpuBoundTaskRunner
{
    public async Task<JsonElement?> RunAsync(TaskDefinition task, TaskRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(run);
        var resources = task.CpuBound ?? throw new InvalidOperationException($"Task '{task.Name}' is not CPU-bound.");
        var jobId = TaskJobInput.JobId(run);
        var input = new TaskJobInput(run.RunId, task.Name, run.Attempt, run.Priority, run.DueAt, run.ScheduleId, run.Parameters);
        if (!await store.Container.GetBlobClient(JobStore.InputBlobName(jobId)).ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            await store.WriteInputAsync(jobId, BinaryData.FromObjectAsJson(input, TaskJson.Options), cancellationToken).ConfigureAwait(false);
        }

        var request = new JobRequest(jobId, TaskJobInput.JobTaskName(task.Name), JobStore.InputBlobName(jobId),
            resources.Cpus, resources.MemoryGiB, resources.Ranks, resources.Nodes, task.Timeout);
        await launcher.StartAsync(request, cancellationToken).ConfigureAwait(false);
        Log.JobStarted(logger, task.Name, run.RunId, run.Attempt, jobId);
        JobResult result;
        try
        {
            result = await launcher.WaitAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.JobCancelling(logger, task.Name, run.RunId, run.Attempt, jobId);
            await launcher.CancelAsync(jobId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        Log.JobEnded(logger, task.Name, run.RunId, run.Attempt, jobId, result.Succeeded);
        if (!result.Succeeded)
        {
            throw new CpuBoundTaskFailedException(
                $"CPU-bound task '{task.Name}' run '{run.RunId}' attempt {run.Attempt} (job '{jobId}') failed. {result.Failure}");
        }

        if (result.OutputJson is null)
        {
            return null;
        }

        using var output = JsonDocument.Parse(result.OutputJson);
        return output.RootElement.ValueKind == JsonValueKind.Null ? null : output.RootElement.Clone();
    }
}
