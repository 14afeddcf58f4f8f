using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
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
    /// <summary>Marks a failed run whose failure was reported to the orchestration, so a retry starts a new run.</summary>
    private const string ReportedBlob = "reported";

    public async Task<string?> RunAsync(CpuBoundTask task, TaskActivityContext context, string? input, CancellationToken cancellationToken)
    {
        var jobId = await ChooseJobIdAsync(task, context, input, cancellationToken).ConfigureAwait(false);
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
            await store.Container.GetBlobClient($"{jobId}/{ReportedBlob}")
                .UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken).ConfigureAwait(false);
            throw new CpuBoundTaskFailedException(task.Name, result);
        }

        // Re-type the job's JSON (JobJson) as the activity's output (the durable data converter).
        var output = result.OutputJson is null ? null : JsonSerializer.Deserialize(result.OutputJson, task.ActivityOutputType, JobJson.Options);
        return JsonDataConverter.Serialize(output);
    }

    /// <summary>
    /// The job id of this activity execution: stable across redeliveries of the same scheduled task. With a task id on the
    /// context (the scheduled event id) it is (instance, task id). Without one it is (instance, task, input hash), and a
    /// run whose failure was already reported is skipped, so a retry of the same input starts a new run.
    /// </summary>
    private async Task<string> ChooseJobIdAsync(CpuBoundTask task, TaskActivityContext context, string? input, CancellationToken cancellationToken)
    {
        if (ActivityTaskId.Of(context) is { } taskId)
        {
            return JobStore.JobIdFor(context.InstanceId, taskId);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input ?? string.Empty)))[..12];
        for (var attempt = 1; ; attempt++)
        {
            var jobId = attempt == 1
                ? JobStore.JobIdFor(context.InstanceId, task.Name, hash)
                : JobStore.JobIdFor(context.InstanceId, task.Name, hash, $"r{attempt}");
            var result = await store.ReadResultAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (result is null || result.Succeeded || !await ReportedAsync(jobId, cancellationToken).ConfigureAwait(false))
            {
                return jobId;
            }
        }
    }

    private async Task<bool> ReportedAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await store.Container.GetBlobClient($"{jobId}/{ReportedBlob}").ExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
