using System.Diagnostics;

namespace Serverless.DurableTask.AzureStorage.Tests;

/// <summary>A CrashWorker child process: a real durable worker on Azure Storage that tests kill with SIGKILL.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(string connectionString, string hub, string workerId, string executionLog)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Serverless.DurableTask.CrashWorker.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, connectionString, hub, workerId, executionLog })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        // The worker's log goes next to the execution log, for a post-mortem when a test fails.
        var output = new StreamWriter(executionLog + "." + workerId + ".out", append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (output) { output.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown, no lease release, messages left locked.</summary>
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
