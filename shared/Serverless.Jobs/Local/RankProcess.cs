using System.ComponentModel;
using System.Diagnostics;

namespace Serverless.Jobs.Local;

/// <summary>One rank's child process: started with redirected output, watched for its exit, killed with its whole tree.</summary>
internal sealed class RankProcess : IDisposable
{
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RankProcess(int rank, Process process)
    {
        Rank = rank;
        Process = process;
    }

    public int Rank { get; }

    public Process Process { get; }

    public int ProcessId { get; private set; }

    public Task Exited => _exited.Task;

    /// <summary>True when the launcher killed it (cancel, timeout or another rank's failure).</summary>
    public bool KilledByLauncher { get; private set; }

    public int ExitCode => Process.ExitCode;

    public static RankProcess Start(int rank, ProcessStartInfo startInfo, Action<int, bool, string> onLine)
    {
        StartNiced(startInfo);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var rankProcess = new RankProcess(rank, process);
        process.Exited += (_, _) => rankProcess._exited.TrySetResult();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onLine(rank, false, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onLine(rank, true, e.Data);
            }
        };
        process.Start();
        rankProcess.ProcessId = process.Id;
        LowerPriority(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            rankProcess._exited.TrySetResult();
        }

        return rankProcess;
    }

    private const string Nice = "/usr/bin/nice";

    /// <summary>
    /// Runs the job at the lowest priority from its first instruction: through <c>nice -n 19</c>, so every thread of it
    /// (and whatever it starts) has nice 19. Linux keeps a nice value per thread; lowering it after the start would
    /// leave the runtime's early threads at the host's priority. So on a shared machine the host's timers, queues and
    /// HTTP keep their latency while jobs take the CPU left over.
    /// </summary>
    private static void StartNiced(ProcessStartInfo startInfo)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Nice))
        {
            return;
        }

        string[] arguments = ["-n", "19", startInfo.FileName, .. startInfo.ArgumentList];
        startInfo.FileName = Nice;
        startInfo.ArgumentList.Clear();
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
    }

    /// <summary>Where <c>nice</c> is missing: below normal priority once started (nice 10 for the main thread on Linux).</summary>
    private static void LowerPriority(Process process)
    {
        if (process.StartInfo.FileName == Nice)
        {
            return;
        }

        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited, or the platform refuses: the job runs at normal priority.
        }
    }

    /// <summary>Kills the process and every process it started (no orphans).</summary>
    public void Kill()
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        KilledByLauncher = true;
        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // It exited while its tree was being walked.
        }
    }

    /// <summary>Waits for the end of its stdout/stderr after the exit, at most <paramref name="limit"/> (a grandchild may hold them).</summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await Process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Output still open after the limit: what was read so far is kept.
        }
    }

    public void Dispose() => Process.Dispose();
}
