using Microsoft.Extensions.Logging;

namespace Serverless.Jobs;

/// <summary>Runs one rank of a job in this process and records its outcome in the store.</summary>
/// <param name="exit">Ends the process; called by the watchdog when a job function ignores its timeout.</param>
internal sealed class JobRunner(JobStore store, JobRegistry registry, ILogger logger, Action<int> exit)
{
    public async Task<int> RunAsync(JobInvocation job, CancellationToken cancellationToken)
    {
        var where = job.RankCount > 1
            ? $"job '{job.JobId}' task '{job.TaskName}' rank {job.Rank}/{job.RankCount}"
            : $"job '{job.JobId}' task '{job.TaskName}'";
        using var timeout = new CancellationTokenSource();
        if (job.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var watchdog = new JobWatchdog(job.Timeout + job.KillGrace, () => ExpireAsync(job, where));
        await RegisterAsync(job).ConfigureAwait(false);
        int exitCode;
        RankOutcome outcome;
        try
        {
            (exitCode, outcome) = await RunFunctionAsync(job, where, linked.Token).ConfigureAwait(false);
        }
        catch (OutOfMemoryException e)
        {
            (exitCode, outcome) = (JobExitCodes.OutOfMemory, Fail(job, JobFailureKind.OutOfMemory,
                $"The {where} ran out of memory: {e.Message}", JobExitCodes.OutOfMemory, e));
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            (exitCode, outcome) = (JobExitCodes.TimedOut, Fail(job, JobFailureKind.TimedOut,
                $"The {where} exceeded its timeout of {job.Timeout}.", JobExitCodes.TimedOut, e));
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            (exitCode, outcome) = (JobExitCodes.Cancelled, Fail(job, JobFailureKind.Cancelled,
                $"The {where} was cancelled.", JobExitCodes.Cancelled, e));
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            (exitCode, outcome) = (JobExitCodes.Failed, Fail(job, JobFailureKind.Failed,
                $"The {where} threw {e.GetType().Name}: {e.Message}", JobExitCodes.Failed, e));
        }

        if (!watchdog.TryFinish())
        {
            // The watchdog fired first: it records the outcome and ends the process.
            await Task.Delay(Timeout.Infinite, CancellationToken.None).ConfigureAwait(false);
        }

        try
        {
            await store.WriteRankOutcomeAsync(job.JobId, outcome, CancellationToken.None).ConfigureAwait(false);
            await CompleteIfLastAsync(job).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or IOException or HttpRequestException or Azure.Identity.AuthenticationFailedException)
        {
            Log.OutcomeNotWritten(logger, e, job.JobId, job.Rank);
            return JobExitCodes.StorageError;
        }

        return exitCode;
    }

    /// <summary>Writes this rank's process id and start time, for a launcher that follows the run after a restart.</summary>
    private async Task RegisterAsync(JobInvocation job)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        try
        {
            await store.WriteRankProcessAsync(job.JobId, new JobProcessRecord(job.Rank, self.Id, self.StartTime.ToUniversalTime()), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or IOException or HttpRequestException or Azure.Identity.AuthenticationFailedException)
        {
            Log.OutcomeNotWritten(logger, e, job.JobId, job.Rank);
        }
    }

    /// <summary>
    /// With a completion queue, the rank that finds every rank's outcome written records the run's result and tells the
    /// queue: the run's end reaches its waiter even when the launcher that started it is gone (a Container Apps
    /// execution, a local job whose worker died).
    /// </summary>
    private async Task CompleteIfLastAsync(JobInvocation job)
    {
        if (store.Completions is null)
        {
            return;
        }

        var request = new JobRequest(job.JobId, job.TaskName, job.InputBlob, Ranks: job.RankCount, Nodes: 1);
        if (await store.TryAggregateAsync(request, CancellationToken.None).ConfigureAwait(false) is { } result)
        {
            await store.CompleteAsync(result, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<(int, RankOutcome)> RunFunctionAsync(JobInvocation job, string where, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(job.TaskName, out var function))
        {
            return (JobExitCodes.Usage, Fail(job, JobFailureKind.Failed,
                $"The {where} names a task that is not registered; registered: {string.Join(", ", registry.TaskNames)}.",
                JobExitCodes.Usage, error: null));
        }

        var input = await store.ReadBlobAsync(job.InputBlob, cancellationToken).ConfigureAwait(false);
        if (input is null)
        {
            return (JobExitCodes.InputMissing, Fail(job, JobFailureKind.InputMissing,
                $"The input blob '{job.InputBlob}' of the {where} does not exist in container '{store.Container.Name}'.",
                JobExitCodes.InputMissing, error: null));
        }

        Log.JobStarting(logger, job.JobId, job.TaskName, job.Rank, job.RankCount);
        var context = new JobContext(job.JobId, job.TaskName, job.Rank, job.RankCount, job.Cpus, logger);
        var output = await function(context, input, cancellationToken).ConfigureAwait(false);
        return (JobExitCodes.Succeeded, new RankOutcome(job.Rank, true, output, null));
    }

    /// <summary>The job function ignored its timeout past the grace period: record TimedOut and end the process.</summary>
    private async Task ExpireAsync(JobInvocation job, string where)
    {
        var outcome = Fail(job, JobFailureKind.TimedOut,
            $"The {where} exceeded its timeout of {job.Timeout} and ignored cancellation for {job.KillGrace}; the process ended itself.",
            JobExitCodes.TimedOut, error: null);
        try
        {
            await store.WriteRankOutcomeAsync(job.JobId, outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or IOException or HttpRequestException)
        {
            Log.OutcomeNotWritten(logger, e, job.JobId, job.Rank);
        }

        exit(JobExitCodes.TimedOut);
    }

    /// <summary>A failed outcome; a thrown error's text (what the process wrote to stderr) is its stderr tail.</summary>
    private static RankOutcome Fail(JobInvocation job, JobFailureKind kind, string message, int exitCode, Exception? error) =>
        new(job.Rank, false, null, new JobFailure(kind, message, exitCode, StderrTail(error), error?.GetType().FullName, job.Rank));

    private static string? StderrTail(Exception? error)
    {
        if (error is null or OperationCanceledException)
        {
            return null;
        }

        var lines = error.ToString().Split('\n');
        return string.Join('\n', lines.TakeLast(StderrTailLines)).TrimEnd();
    }

    private const int StderrTailLines = 20;
}
