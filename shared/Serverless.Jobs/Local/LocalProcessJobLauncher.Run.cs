using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

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

    private ProcessStartInfo CreateStartInfo(JobRequest request, int rank)
    {
        var executable = _executable.Value;
        var info = new ProcessStartInfo(executable.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = executable.WorkingDirectory,
        };
        foreach (var argument in executable.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(JobEntryPoint.JobModeSwitch);
        var env = info.Environment;
        env[JobEnvironment.JobId] = request.JobId;
        env[JobEnvironment.TaskName] = request.TaskName;
        env[JobEnvironment.InputBlob] = request.InputBlob;
        env[JobEnvironment.Rank] = rank.ToString(CultureInfo.InvariantCulture);
        env[JobEnvironment.RankCount] = request.Ranks.ToString(CultureInfo.InvariantCulture);
        env[JobEnvironment.Cpus] = request.Cpus.ToString(CultureInfo.InvariantCulture);
        env[JobEnvironment.TimeoutSeconds] = request.EffectiveTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        env["DOTNET_PROCESSOR_COUNT"] = Math.Max(1, (int)Math.Ceiling(request.Cpus)).ToString(CultureInfo.InvariantCulture);
        if (_local.LimitGcHeap)
        {
            env["DOTNET_GCHeapHardLimit"] = ((long)(request.MemoryGiB * (1L << 30))).ToString("X", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in _storage.ToEnvironment())
        {
            env[key] = value;
        }

        return info;
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
