using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Serverless.Jobs.Functions;

/// <summary>The job sub-orchestration's activities: start a run, look at it, stop it. Each is safe to run twice.</summary>
public sealed class JobActivities(IJobLauncher launcher, JobStore store, JobRegistry registry, IOptions<JobsOptions> options, ILogger<JobActivities> logger)
{
    public const string Start = "serverless_job_start";
    public const string Check = "serverless_job_check";
    public const string Stop = "serverless_job_stop";

    /// <summary>Writes the input and starts the run with the task's resources; a second start of the same job id finds it recorded.</summary>
    [Function(Start)]
    public async Task<JobStarted> StartAsync([ActivityTrigger] JobStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var resources = registry.ResourcesOf(start.Call.TaskName);
        var request = resources.ToRequest(start.JobId, start.Call.TaskName) with
        {
            Owner = start.Waiter,
            Timeout = start.Call.Timeout ?? TimeSpan.FromSeconds(resources.TimeoutSeconds),
        };
        var input = start.Call.Input ?? JsonDocument.Parse("null").RootElement;
        await launcher.StartAsync(store, request, input, cancellationToken).ConfigureAwait(false);
        Log.JobStarted(logger, start.JobId, start.Call.TaskName, start.Call.Caller);
        return new JobStarted(start.JobId, request.EffectiveTimeout, options.Value.CheckInterval, options.Value.ChecksPerGeneration);
    }

    /// <summary>
    /// One look at the run: stops it when its caller has ended (terminated, failed, purged); its result when it has one
    /// or has just been found ended without one (crashed while nobody followed it, past its timeout); null while it runs.
    /// </summary>
    [Function(Check)]
    public async Task<JobResult?> CheckAsync([ActivityTrigger] JobCheck check, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(client);
        var caller = await client.GetInstanceAsync(check.Caller, cancellationToken).ConfigureAwait(false);
        if (caller is null || caller.IsCompleted)
        {
            Log.CallerEnded(logger, check.JobId, check.Caller, caller?.RuntimeStatus.ToString() ?? "gone");
            await launcher.CancelAsync(check.JobId, cancellationToken).ConfigureAwait(false);
        }

        return await launcher.ProbeAsync(check.JobId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the run (its timeout passed without a result) and returns the result then recorded.</summary>
    [Function(Stop)]
    public async Task<JobResult> StopAsync([ActivityTrigger] string jobId, CancellationToken cancellationToken)
    {
        await launcher.CancelAsync(jobId, cancellationToken).ConfigureAwait(false);
        var result = await store.ReadResultAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Job '{jobId}' was stopped but no result is recorded.");
        return result.Failure?.Kind == JobFailureKind.Cancelled
            ? result with { Failure = result.Failure with { Kind = JobFailureKind.TimedOut, Message = $"{result.Failure.Message} It had not ended within its timeout." } }
            : result;
    }
}
