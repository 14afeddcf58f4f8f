using System.Text.Json;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask;

namespace Serverless.Jobs.Functions;

/// <summary>
/// The body of a CPU-bound task's activity: start the job (idempotent by job id), wait for it, return its typed output or
/// throw <see cref="CpuBoundTaskFailedException"/>. A redelivered activity (after a host restart) finds the run by id and
/// resumes waiting; the job itself is not started again.
/// </summary>
internal sealed class CpuBoundTaskRunner(JobStore store, DetachedLauncher launcher, ILogger<CpuBoundTaskRunner> logger)
{
    public async Task<string?> RunAsync(CpuBoundTask task, TaskActivityContext context, string? input, CancellationToken cancellationToken)
    {
        // One job per scheduled task: a redelivery of the activity finds the same run, a retry attempt gets a new one.
        var jobId = JobStore.JobIdFor(context.InstanceId, context.TaskId);
        var request = task.Resources.ToRequest(jobId, task.Name);
        // A redelivered activity finds the input written already (the same scheduled task has the same input): a running
        // job never sees its input rewritten.
        if (!await store.Container.GetBlobClient(request.InputBlob).ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            await store.WriteInputAsync(jobId, BinaryData.FromString(string.IsNullOrEmpty(input) ? "null" : input), cancellationToken)
                .ConfigureAwait(false);
        }

        await launcher.Launcher.StartAsync(request, cancellationToken).ConfigureAwait(false);
        Log.JobStarted(logger, task.Name, context.InstanceId, jobId);
        var result = await launcher.Launcher.WaitAsync(jobId, cancellationToken).ConfigureAwait(false);
        Log.JobEnded(logger, task.Name, context.InstanceId, jobId, result.Succeeded);
        if (!result.Succeeded)
        {
            throw new CpuBoundTaskFailedException(task.Name, result);
        }

        // Re-type the job's JSON (JobJson) as the activity's output (the durable data converter).
        var output = result.OutputJson is null ? null : JsonSerializer.Deserialize(result.OutputJson, task.ActivityOutputType, JobJson.Options);
        return JsonDataConverter.Serialize(output);
    }
}
