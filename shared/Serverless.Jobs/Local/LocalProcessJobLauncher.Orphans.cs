using System.ComponentModel;
using System.Diagnostics;

namespace Serverless.Jobs.Local;

/// <summary>
/// Runs this launcher does not follow: started by a launcher in a process that is gone (a crashed worker), whose rank
/// processes may live on. Their process ids and start times are in the run record, so a later launcher can tell whether
/// they still run, end them on timeout or cancel (with their trees), and record a crash when they ended without a result.
/// </summary>
internal sealed partial class LocalProcessJobLauncher
{
    public async Task<JobResult?> ProbeAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (await _store.ReadResultAsync(jobId, cancellationToken).ConfigureAwait(false) is { } result)
        {
            return result;
        }

        if (_runs.ContainsKey(jobId))
        {
            return null;
        }

        var record = await ReadRunAsync(jobId, cancellationToken).ConfigureAwait(false);
        var request = record.Request;
        record = record with { Processes = await KnownProcessesAsync(record, cancellationToken).ConfigureAwait(false) };
        var ended = await _store.TryAggregateAsync(request, cancellationToken).ConfigureAwait(false);
        if (ended is null && _time.GetUtcNow() >= record.AcceptedAt + request.EffectiveTimeout)
        {
            KillOrphans(record);
            ended = JobResult.Failed(jobId, new JobFailure(JobFailureKind.TimedOut,
                $"Job '{jobId}' task '{request.TaskName}' exceeded its timeout of {request.EffectiveTimeout}; its processes were killed."));
        }
        else if (ended is null && record.Processes is { Count: > 0 } && !AnyAlive(record))
        {
            // Read again: the last rank may have written its outcome between the first look and the process check.
            ended = await _store.TryAggregateAsync(request, cancellationToken).ConfigureAwait(false)
                ?? JobResult.Failed(jobId, new JobFailure(JobFailureKind.Crashed,
                    $"Job '{jobId}' task '{request.TaskName}': its processes ended without every rank writing a result, while the launcher that started them was gone."));
        }
        else if (ended is null && record.Processes is not { Count: > 0 } && _time.GetUtcNow() >= record.AcceptedAt + StartGrace)
        {
            ended = JobResult.Failed(jobId, new JobFailure(JobFailureKind.Crashed,
                $"Job '{jobId}' task '{request.TaskName}' never started: the launcher that accepted it stopped before starting its processes."));
        }

        return ended is null ? null : await _store.CompleteAsync(ended, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How long after acceptance a run with no known process counts as never started: its launcher may have died between
    /// starting a process and recording it, and the process registers itself once it runs (its own blob).
    /// </summary>
    internal static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    /// <summary>The rank processes the launcher recorded, and those that registered themselves.</summary>
    private async Task<List<JobProcessRecord>> KnownProcessesAsync(JobRunRecord record, CancellationToken cancellationToken)
    {
        var known = new List<JobProcessRecord>(record.Processes ?? []);
        for (var rank = 0; rank < record.Request.Ranks; rank++)
        {
            if (await _store.ReadRankProcessAsync(record.Request.JobId, rank, cancellationToken).ConfigureAwait(false) is { } registered
                && !known.Contains(registered))
            {
                known.Add(registered);
            }
        }

        return known;
    }

    private async Task<JobRunRecord> ReadRunAsync(string jobId, CancellationToken cancellationToken) =>
        await _store.ReadRunAsync(jobId, cancellationToken).ConfigureAwait(false)
        ?? throw new KeyNotFoundException($"No job run with id '{jobId}' is recorded in container '{_store.Container.Name}'.");

    private static bool AnyAlive(JobRunRecord record)
    {
        var live = LiveOrphans(record);
        live.ForEach(p => p.Dispose());
        return live.Count > 0;
    }

    /// <summary>Notes the rank processes in the run record once they all started.</summary>
    private async Task RecordProcessesAsync(LocalRun run, List<RankProcess> ranks)
    {
        var processes = ranks.Select(r => new JobProcessRecord(r.Rank, r.ProcessId, StartTimeOf(r.Process))).ToList();
        try
        {
            await _store.UpdateRunAsync(run.Record with { Processes = processes }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or IOException or HttpRequestException)
        {
            Log.LauncherFailed(_logger, e, run.Request.JobId);
        }
    }

    /// <summary>Kills the recorded processes that still run, each with its tree.</summary>
    private static void KillOrphans(JobRunRecord record)
    {
        foreach (var process in LiveOrphans(record))
        {
            using (process)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended meanwhile.
                }
            }
        }
    }

    /// <summary>The recorded rank processes that still run (same id and start time).</summary>
    private static List<Process> LiveOrphans(JobRunRecord record)
    {
        var live = new List<Process>();
        foreach (var recorded in record.Processes ?? [])
        {
            Process process;
            try
            {
                process = Process.GetProcessById(recorded.ProcessId);
            }
            catch (ArgumentException)
            {
                continue; // No such process.
            }

            if (!process.HasExited && Math.Abs((StartTimeOf(process) - recorded.StartedAt).TotalSeconds) < 1)
            {
                live.Add(process);
            }
            else
            {
                process.Dispose();
            }
        }

        return live;
    }

    private static DateTime StartTimeOf(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            return default;
        }
    }
}
