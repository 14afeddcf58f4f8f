using System.Text;

namespace Serverless.Jobs;

/// <summary>The launcher's record of a run, as stored in <c>{jobId}/run.json</c>.</summary>
/// <param name="Request">The request as accepted.</param>
/// <param name="Launcher">Which launcher owns the run ("Local" or "ContainerApps").</param>
/// <param name="AcceptedAt">When the launcher accepted the run.</param>
/// <param name="Executions">Container Apps execution names, one per rank, once started.</param>
internal sealed record JobRunRecord(JobRequest Request, string Launcher, DateTimeOffset AcceptedAt, IReadOnlyList<string>? Executions = null);

/// <summary>What one rank's process wrote as its outcome (<c>{jobId}/ranks/{rank}.json</c>).</summary>
internal sealed record RankOutcome(int Rank, bool Succeeded, string? OutputJson, JobFailure? Failure);

public sealed partial class JobStore
{
    internal Task<JobRunRecord?> ReadRunAsync(string jobId, CancellationToken cancellationToken) =>
        ReadJsonAsync<JobRunRecord>(RunBlobName(jobId), cancellationToken);

    /// <summary>Records a new run; false if a run with this id exists already.</summary>
    internal Task<bool> TryCreateRunAsync(JobRunRecord run, CancellationToken cancellationToken) =>
        WriteJsonAsync(RunBlobName(run.Request.JobId), run, onlyIfAbsent: true, cancellationToken);

    internal Task UpdateRunAsync(JobRunRecord run, CancellationToken cancellationToken) =>
        WriteJsonAsync(RunBlobName(run.Request.JobId), run, onlyIfAbsent: false, cancellationToken);

    internal Task WriteRankOutcomeAsync(string jobId, RankOutcome outcome, CancellationToken cancellationToken) =>
        WriteJsonAsync(RankBlobName(jobId, outcome.Rank), outcome, onlyIfAbsent: false, cancellationToken);

    internal Task<RankOutcome?> ReadRankOutcomeAsync(string jobId, int rank, CancellationToken cancellationToken) =>
        ReadJsonAsync<RankOutcome>(RankBlobName(jobId, rank), cancellationToken);

    /// <summary>
    /// Records the final result once: the first writer wins (a completion racing a cancel), and the stored result is returned.
    /// </summary>
    internal async Task<JobResult> CompleteAsync(JobResult result, CancellationToken cancellationToken)
    {
        if (await WriteJsonAsync(ResultBlobName(result.JobId), result, onlyIfAbsent: true, cancellationToken).ConfigureAwait(false))
        {
            return result;
        }

        return await ReadResultAsync(result.JobId, cancellationToken).ConfigureAwait(false) ?? result;
    }

    /// <summary>
    /// The run's result from the rank outcomes, once every rank has written one; null while some are missing.
    /// A failed rank fails the run (the lowest failed rank is reported).
    /// </summary>
    internal async Task<JobResult?> TryAggregateAsync(JobRequest request, CancellationToken cancellationToken)
    {
        var outcomes = new RankOutcome[request.Ranks];
        for (var rank = 0; rank < request.Ranks; rank++)
        {
            var outcome = await ReadRankOutcomeAsync(request.JobId, rank, cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                return null;
            }

            if (!outcome.Succeeded)
            {
                return JobResult.Failed(request.JobId, outcome.Failure ?? new JobFailure(JobFailureKind.Failed,
                    $"Job '{request.JobId}' task '{request.TaskName}' rank {rank} failed without details.", Rank: rank));
            }

            outcomes[rank] = outcome;
        }

        return JobResult.Success(request.JobId, CombineOutputs(outcomes));
    }

    /// <summary>One rank: its output as is; several: a JSON array of the outputs in rank order.</summary>
    internal static string? CombineOutputs(IReadOnlyList<RankOutcome> outcomes)
    {
        if (outcomes.Count == 1)
        {
            return outcomes[0].OutputJson;
        }

        var builder = new StringBuilder("[");
        for (var i = 0; i < outcomes.Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(outcomes[i].OutputJson ?? "null");
        }

        return builder.Append(']').ToString();
    }
}
