using System.Collections.Concurrent;
using System.Diagnostics;

namespace Serverless.FunctionsHost.Worker;

/// <summary>
/// Starts worker processes so that they die with the host, however the host ends (a SIGKILL included): through
/// <c>setpriv --pdeathsig KILL</c> (util-linux), which asks the kernel to kill the worker when its parent ends. Linux
/// counts the thread that started a process as its parent, so every start runs on one thread that lives as long as this
/// process. Where <c>setpriv</c> is missing, workers are started as they are and a SIGKILLed host leaves its worker.
/// </summary>
internal static class HostBoundStart
{
    private const string SetPriv = "/usr/bin/setpriv";

    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Done)> Starts = [];
    private static readonly Lazy<Thread> Starter = new(() =>
    {
        var thread = new Thread(StartLoop) { IsBackground = true, Name = "Worker starter (the workers' parent)" };
        thread.Start();
        return thread;
    });

    /// <summary>True where workers die with the host (Linux with setpriv).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && File.Exists(SetPriv);

    /// <summary>Rewrites <paramref name="info"/> to run its program under <c>setpriv --pdeathsig KILL</c> (when available).</summary>
    public static void Wrap(ProcessStartInfo info)
    {
        if (!Available)
        {
            return;
        }

        string[] arguments = ["--pdeathsig", "KILL", "--", info.FileName, .. info.ArgumentList];
        info.FileName = SetPriv;
        info.ArgumentList.Clear();
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
    }

    /// <summary>Starts <paramref name="process"/> on the starter thread; throws what <see cref="Process.Start()"/> throws.</summary>
    public static void Start(Process process)
    {
        if (!Available)
        {
            process.Start();
            return;
        }

        _ = Starter.Value;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Starts.Add((process, done));
        done.Task.GetAwaiter().GetResult();
    }

    private static void StartLoop()
    {
        foreach (var (process, done) in Starts.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }
    }
}
