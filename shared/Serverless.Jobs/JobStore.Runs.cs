using System.Text;

namespace Serverless.Jobs;

/// <summary>The launcher's record of a run, as stored in <c>{jobId}/run.json</c>.</summary>
/// <param name="Request">The request as accepted.</param>
/// <param name="Launcher">Which launcher owns the run ("Local" or "ContainerApps").</param>
/// <param name="AcceptedAt">When the launcher accepted the run.</param>
/// <param name="Executions">Container Apps execution names, one per rank, once started.</param>
/// <param name="Processes">Local processes, one per rank, once started: what a launcher after a restart checks and kills.</param>
internal sealed record JobRunRecord(
    JobRequest Request,
    string Launcher,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<string>? Executions = null,
    IReadOnlyList<JobProcessRecord>? Processes = null);

/// <summary>A local rank process: its id and start time (a reused process id has another start time).</summary>
internal sealed record JobProcessRecord(int Rank, int ProcessId, DateTime StartedAt);

/// <summary>The completion queue's message: this run has a result.</summary>
public sealed record JobCompletion(string JobId);

/// <summary>What one rank's process wrote as its outcome (<c>{jobId}/ranks/{rank}.json</c>).</summary>
internal sealed record RankOutcome(int Rank, bool Succeeded, string? OutputJson, JobFailure? Failure);

public sealed partial class JobStore
{
    /// <summary>The run's request as its launcher accepted it, or null when no run has this id.</summary>
    public async Task<JobRequest?> ReadRequestAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await ReadRunAsync(jobId, cancellationToken).ConfigureAwait(false))?.Request;

    internal Task<JobRunRecord?> ReadRunAsync(string jobId, CancellationToken cancellationToken) =>
        ReadJsonAsync<JobRunRecord>(RunBlobName(jobId), cancellationToken);

    /// <summary>Records a new run; false if a run with this id exists already.</summary>
    internal Task<bool> TryCreateRunAsync(JobRunRecord run, CancellationToken cancellationToken) =>
        WriteJsonAsync(RunBlobName(run.Request.JobId), run, onlyIfAbsent: true, cancellationToken);

    internal Task UpdateRunAsync(JobRunRecord run, CancellationToken cancellationToken) =>
        WriteJsonAsync(RunBlobName(run.Request.JobId), run, onlyIfAbsent: false, cancellationToken);

    internal Task WriteRankOutcomeAsync(string jobId, RankOutcome outcome, CancellationToken cancellationToken) =>
        WriteJsonAsync(RankBlobName(jobId, outcome.Rank), outcome, onlyIfAbsent: false, cancellationToken);

    /// <summary>A rank's process says who it is when it starts, so a launcher that never recorded it can still find it.</summary>
    internal Task WriteRankProcessAsync(string jobId, JobProcessRecord process, CancellationToken cancellationToken) =>
        WriteJsonAsync(RankProcessBlobName(jobId, process.Rank), process, onlyIfAbsent: false, cancellationToken);

    internal Task<JobProcessRecord?> ReadRankProcessAsync(string jobId, int rank, CancellationToken cancellationToken) =>
        ReadJsonAsync<JobProcessRecord>(RankProcessBlobName(jobId, rank), cancellationToken);

    internal Task<RankOutcome?> ReadRankOutcomeAsync(string jobId, int rank, CancellationToken cancellationToken) =>
        ReadJsonAsync<RankOutcome>(RankBlobName(jobId, rank), cancellationToken);

    /// <summary>
    /// Records the final result once: the first writer wins (a completion racing a cancel), and the stored result is returned.
    /// Then tells the completion queue, also when another writer won (it may have died before telling): a waiter gets the
    /// message at least once and reads the stored result.
    /// </summary>
    internal async Task<JobResult> CompleteAsync(JobResult result, CancellationToken cancellationToken)
    {
        var stored = await WriteJsonAsync(ResultBlobName(result.JobId), result, onlyIfAbsent: true, cancellationToken).ConfigureAwait(false)
            ? result
            : await ReadResultAsync(result.JobId, cancellationToken).ConfigureAwait(false) ?? result;
        await NotifyCompletionAsync(result.JobId, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private async Task NotifyCompletionAsync(string jobId, CancellationToken cancellationToken)
    {
        if (Completions is null)
        {
            return;
        }

        if (!_completionsCreated)
        {
            await Completions.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _completionsCreated = true;
        }

        await Completions.SendMessageAsync(BinaryData.FromObjectAsJson(new JobCompletion(jobId), JobJson.Options), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
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
