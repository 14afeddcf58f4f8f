using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Serverless.Jobs.ContainerApps;

/// <summary>
/// Runs jobs as executions of an Azure Container Apps job, one execution per rank, started through Azure Resource
/// Manager with a template override (image, job-mode args, env with the task, input and rank, cpu and memory).
/// It keeps no state in memory: the execution names live in the run record, so any process can wait or cancel.
/// </summary>
internal sealed partial class ContainerAppsJobLauncher(
    ArmJobsClient arm,
    JobStore store,
    JobStorageSettings storage,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<ContainerAppsJobLauncher> logger) : IJobLauncher
{
    private readonly ContainerAppsJobsOptions _aca = options.Value.ContainerApps;

    public async Task StartAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        RequireConsumptionPair(request);
        var record = new JobRunRecord(request, nameof(JobLauncherKind.ContainerApps), time.GetUtcNow());
        if (!await store.TryCreateRunAsync(record, cancellationToken).ConfigureAwait(false))
        {
            Log.JobAlreadyStarted(logger, request.JobId);
            return;
        }

        var executions = new List<string>(request.Ranks);
        try
        {
            for (var rank = 0; rank < request.Ranks; rank++)
            {
                var execution = await arm.StartAsync(Template(request, rank), cancellationToken).ConfigureAwait(false);
                executions.Add(execution);
                Log.ExecutionStarted(logger, request.JobId, rank, execution);
            }
        }
        catch (Exception e) when (e is ArmRequestException or Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException)
        {
            await StopAllAsync(request.JobId, executions).ConfigureAwait(false);
            await store.CompleteAsync(JobResult.Failed(request.JobId, new JobFailure(JobFailureKind.Crashed,
                $"Job '{request.JobId}' task '{request.TaskName}' could not be started: {e.Message}",
                ErrorType: e.GetType().FullName)), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await store.UpdateRunAsync(record with { Executions = executions }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public Task<JobResult> WaitAsync(string jobId, CancellationToken cancellationToken = default) =>
        StoreWaiter.WaitAsync(store, jobId, time, _aca.PollInterval, ProbeAsync, StopUnfinishedAsync, cancellationToken);

    public async Task<JobResult?> ProbeAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (await store.ReadResultAsync(jobId, cancellationToken).ConfigureAwait(false) is { } result)
        {
            return result;
        }

        var run = await store.ReadRunAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No job run with id '{jobId}' is recorded in container '{store.Container.Name}'.");
        var ended = await store.TryAggregateAsync(run.Request, cancellationToken).ConfigureAwait(false)
            ?? await ProbeAsync(run, cancellationToken).ConfigureAwait(false);
        if (ended is null)
        {
            return null;
        }

        await StopUnfinishedAsync(run).ConfigureAwait(false);
        return await store.CompleteAsync(ended, cancellationToken).ConfigureAwait(false);
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var run = await store.ReadRunAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No job run with id '{jobId}' is recorded in container '{store.Container.Name}'.");
        await StopAllAsync(jobId, run.Executions ?? []).ConfigureAwait(false);
        await store.CompleteAsync(JobResult.Failed(jobId, new JobFailure(JobFailureKind.Cancelled,
            $"Job '{jobId}' task '{run.Request.TaskName}' was cancelled; its executions were stopped.")), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A Consumption-profile container takes 0.25 to 4 cpu in steps of 0.25 with twice as many GiB of memory; ARM refuses
    /// any other pair when the execution starts. Checked before anything is recorded or started, naming the pairs.
    /// </summary>
    internal static void RequireConsumptionPair(JobRequest request)
    {
        var quarters = request.Cpus * 4;
        if (quarters >= 1 && quarters <= 16 && Math.Abs(quarters - Math.Round(quarters)) < 1e-9 && Math.Abs(request.MemoryGiB - (2 * request.Cpus)) < 1e-9)
        {
            return;
        }

        var pairs = string.Join(", ", Enumerable.Range(1, 16).Select(q => string.Create(CultureInfo.InvariantCulture, $"{q / 4.0}/{q / 2.0}Gi")));
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture,
                $"Job '{request.JobId}' task '{request.TaskName}' asks for {request.Cpus} cpu and {request.MemoryGiB} GiB per rank, which a Container Apps job (Consumption profile) does not take; allowed cpu/memory pairs: {pairs}."),
            nameof(request));
    }

    /// <summary>One round of following the executions: ends the run on timeout, on a rank's failure, or on an execution that ended without a result.</summary>
    private async Task<JobResult?> ProbeAsync(JobRunRecord run, CancellationToken cancellationToken)
    {
        var request = run.Request;
        var executions = run.Executions ?? [];
        if (time.GetUtcNow() >= run.AcceptedAt + request.EffectiveTimeout)
        {
            return JobResult.Failed(request.JobId, new JobFailure(JobFailureKind.TimedOut,
                $"Job '{request.JobId}' task '{request.TaskName}' exceeded its timeout of {request.EffectiveTimeout}; its executions were stopped."));
        }

        for (var rank = 0; rank < executions.Count; rank++)
        {
            var outcome = await store.ReadRankOutcomeAsync(request.JobId, rank, cancellationToken).ConfigureAwait(false);
            if (outcome is { Succeeded: false })
            {
                return JobResult.Failed(request.JobId, outcome.Failure!);
            }

            if (outcome is not null)
            {
                continue;
            }

            var status = await arm.GetStatusAsync(executions[rank], cancellationToken).ConfigureAwait(false);
            Log.ExecutionStatus(logger, request.JobId, executions[rank], status);
            if (status is "Succeeded" or "Failed" or "Stopped"
                && await store.ReadRankOutcomeAsync(request.JobId, rank, cancellationToken).ConfigureAwait(false) is null)
            {
                var where = request.Ranks > 1 ? $"rank {rank} of job '{request.JobId}'" : $"job '{request.JobId}'";
                return JobResult.Failed(request.JobId, new JobFailure(JobFailureKind.Crashed,
                    $"Container Apps execution '{executions[rank]}' ({where}, task '{request.TaskName}') ended {status} without writing a result " +
                    "(a crash, or a container killed for exceeding its memory; see the execution's logs in Log Analytics).",
                    Rank: rank));
            }
        }

        return null;
    }

    /// <summary>When a run ends early (a rank failed, timeout, a crashed execution), stops the executions of ranks without an outcome.</summary>
    private async Task StopUnfinishedAsync(JobRunRecord run)
    {
        var executions = run.Executions ?? [];
        var unfinished = new List<string>();
        for (var rank = 0; rank < executions.Count; rank++)
        {
            if (await store.ReadRankOutcomeAsync(run.Request.JobId, rank, CancellationToken.None).ConfigureAwait(false) is null)
            {
                unfinished.Add(executions[rank]);
            }
        }

        await StopAllAsync(run.Request.JobId, unfinished).ConfigureAwait(false);
    }

    private async Task StopAllAsync(string jobId, IEnumerable<string> executions)
    {
        foreach (var execution in executions)
        {
            try
            {
                await arm.StopAsync(execution, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ArmRequestException e)
            {
                Log.StopFailed(logger, e, jobId, execution);
            }
        }
    }
}
