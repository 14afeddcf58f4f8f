using System.Diagnostics;
using System.Globalization;

namespace Serverless.Tasks.Runtime.Tests.TestSupport;

/// <summary>A CrashWorker child process: a real task worker on Azure Storage that the crash tests kill.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public static WorkerProcess Start(string connectionString, string prefix, string markers, int maxRetries)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Serverless.Tasks.Runtime.CrashWorker.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, connectionString, prefix, markers, maxRetries.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        // The worker's log goes next to the markers, for a post-mortem when a test fails.
        var output = new StreamWriter(Path.Combine(markers, "worker.out"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (output) { output.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown, the run's message stays invisible until its visibility lapses.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
