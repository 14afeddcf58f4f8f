using System.Globalization;

namespace Serverless.Jobs.Local;

/// <summary>How a local run ended: cancelled, timed out, a rank's own failure, a crash, the OOM killer, or success.</summary>
internal sealed partial class LocalProcessJobLauncher
{
    private async Task<JobResult> ClassifyAsync(LocalRun run, bool timedOut, List<RankProcess> ranks, OutputCollector output)
    {
        var request = run.Request;
        if (run.CancelReason is not null)
        {
            return Cancelled(run, output.StderrTail(0));
        }

        if (timedOut)
        {
            return JobResult.Failed(request.JobId, new JobFailure(JobFailureKind.TimedOut,
                $"Job '{request.JobId}' task '{request.TaskName}' exceeded its timeout of {request.EffectiveTimeout}; its processes were killed.",
                StderrTail: output.StderrTail(0)));
        }

        foreach (var rank in ranks.Where(r => !r.KilledByLauncher))
        {
            var outcome = await _store.ReadRankOutcomeAsync(request.JobId, rank.Rank, CancellationToken.None).ConfigureAwait(false);
            var where = request.Ranks > 1 ? $"rank {rank.Rank} of job '{request.JobId}'" : $"job '{request.JobId}'";
            var tail = output.StderrTail(rank.Rank);
            if (outcome is { Succeeded: false, Failure: { } failure })
            {
                return JobResult.Failed(request.JobId, failure with { ExitCode = rank.ExitCode, StderrTail = tail, Rank = rank.Rank });
            }

            if (outcome is null && rank.ExitCode == JobExitCodes.KilledBySigkill)
            {
                return JobResult.Failed(request.JobId, new JobFailure(JobFailureKind.OutOfMemory,
                    $"The {where} (task '{request.TaskName}') was killed by SIGKILL (exit code 137), the mark of the out-of-memory killer; " +
                    $"it asked for {request.MemoryGiB.ToString(CultureInfo.InvariantCulture)} GiB.",
                    rank.ExitCode, tail, Rank: rank.Rank));
            }

            if (outcome is null)
            {
                return JobResult.Failed(request.JobId, new JobFailure(JobFailureKind.Crashed,
                    $"The {where} (task '{request.TaskName}') exited with code {rank.ExitCode} without writing a result.",
                    rank.ExitCode, tail, Rank: rank.Rank));
            }
        }

        return await _store.TryAggregateAsync(request, CancellationToken.None).ConfigureAwait(false)
            ?? JobResult.Failed(request.JobId, new JobFailure(JobFailureKind.Crashed,
                $"Job '{request.JobId}' task '{request.TaskName}' ended but not every rank wrote a result.",
                StderrTail: output.StderrTail(0)));
    }

    private static JobResult Cancelled(LocalRun run, string? stderrTail) =>
        JobResult.Failed(run.Request.JobId, new JobFailure(JobFailureKind.Cancelled,
            $"Job '{run.Request.JobId}' task '{run.Request.TaskName}' was stopped because {run.CancelReason ?? "it was cancelled"}.",
            StderrTail: string.IsNullOrEmpty(stderrTail) ? null : stderrTail));
}
