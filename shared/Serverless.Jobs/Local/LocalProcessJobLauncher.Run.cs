using System.ComponentModel;

namespace Serverless.Jobs.Local;

internal sealed partial class LocalProcessJobLauncher
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    private async Task RunAsync(LocalRun run)
    {
        var request = run.Request;
        JobResult result;
        try
        {
            result = await AdmitAndExecuteAsync(run).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.LauncherFailed(_logger, e, request.JobId);
            result = JobResult.Failed(request.JobId, new JobFailure(JobFailureKind.Crashed,
                $"Job '{request.JobId}' task '{request.TaskName}' could not be run: {e.GetType().Name}: {e.Message}",
                ErrorType: e.GetType().FullName));
        }

        try
        {
            result = await _store.CompleteAsync(result, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or IOException or HttpRequestException)
        {
            Log.LauncherFailed(_logger, e, request.JobId);
        }

        Log.JobEnded(_logger, request.JobId, request.TaskName, result.Succeeded, result.Failure?.Kind.ToString() ?? "-");
        _runs.TryRemove(request.JobId, out _);
        run.Completion.TrySetResult(result);
    }

    private async Task<JobResult> AdmitAndExecuteAsync(LocalRun run)
    {
        var request = run.Request;
        IDisposable lease;
        try
        {
            lease = await Gate.AcquireAsync(request.Cpus * request.Ranks, request.MemoryGiB * request.Ranks, run.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Cancelled(run, stderrTail: null);
        }

        using (lease)
        {
            return await ExecuteAsync(run).ConfigureAwait(false);
        }
    }

    private async Task<JobResult> ExecuteAsync(LocalRun run)
    {
        var request = run.Request;
        using var timeout = new CancellationTokenSource(request.EffectiveTimeout, _time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(run.Token, timeout.Token);
        var output = new OutputCollector(request.Ranks, _local.StderrTailLines, _local.MaxLogChars);
        var ranks = new List<RankProcess>(request.Ranks);
        try
        {
            for (var rank = 0; rank < request.Ranks && !stop.IsCancellationRequested; rank++)
            {
                RankProcess process;
                try
                {
                    process = RankProcess.Start(rank, CreateStartInfo(request, rank), (r, stderr, line) =>
                    {
                        output.Add(r, stderr, line);
                        Log.JobOutput(_logger, request.JobId, r, stderr ? "stderr" : "stdout", line);
                    });
                }
                catch (Win32Exception e)
                {
                    throw new InvalidOperationException(
                        $"starting '{_executable.Value.FileName}' failed ({e.Message}); check {JobsOptions.SectionName}:Local:Executable", e);
                }

                ranks.Add(process);
                await RecordProcessesAsync(run, ranks).ConfigureAwait(false);
                Log.ProcessStarted(_logger, request.JobId, rank, process.ProcessId);
                ProcessStarted?.Invoke(request.JobId, rank, process.ProcessId);
            }

            await WaitForRanksAsync(ranks, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            foreach (var rank in ranks)
            {
                rank.Kill();
            }

            await Task.WhenAll(ranks.Select(r => r.DrainAsync(DrainLimit))).ConfigureAwait(false);
            await AppendLogAsync(request.JobId, output).ConfigureAwait(false);
        }

        try
        {
            return await ClassifyAsync(run, timeout.IsCancellationRequested, ranks, output).ConfigureAwait(false);
        }
        finally
        {
            foreach (var rank in ranks)
            {
                rank.Dispose();
            }
        }
    }

    /// <summary>Returns when every rank has exited, or kills them all on stop or on the first rank that fails.</summary>
    private static async Task WaitForRanksAsync(List<RankProcess> ranks, CancellationToken stop)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = stop.Register(() => stopped.TrySetResult());
        var pending = new List<RankProcess>(ranks);
        while (pending.Count > 0)
        {
            var first = await Task.WhenAny(pending.Select(r => r.Exited).Append(stopped.Task)).ConfigureAwait(false);
            if (first == stopped.Task)
            {
                break;
            }

            var done = pending.Where(r => r.Exited.IsCompleted).ToList();
            pending.RemoveAll(done.Contains);
            if (done.Any(r => r.ExitCode != JobExitCodes.Succeeded))
            {
                break;
            }
        }

        foreach (var rank in pending)
        {
            rank.Kill();
        }

        await Task.WhenAll(ranks.Select(r => r.Exited)).ConfigureAwait(false);
    }

    private async Task AppendLogAsync(string jobId, OutputCollector output)
    {
        try
        {
            await _store.AppendLogAsync(jobId, output.LogText(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or IOException or HttpRequestException)
        {
            Log.LogNotWritten(_logger, e, jobId);
        }
    }
}
