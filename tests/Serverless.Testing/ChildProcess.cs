using System.Diagnostics;

namespace Serverless.Testing;

/// <summary>
/// A helper program of a test run as a real child process (`dotnet helper.dll args`), its output kept in a log file for
/// a post-mortem, killed with SIGKILL by crash tests (no shutdown: leases unreleased, messages left invisible).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(Process process, StreamWriter log) => (_process, _log) = (process, log);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the program <paramref name="dllName"/> of the test's output folder with the arguments; its stdout and stderr go to <paramref name="logFile"/>.</summary>
    public static ChildProcess StartDotnet(string dllName, IEnumerable<string> arguments, string logFile)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var dll = Path.Combine(AppContext.BaseDirectory, dllName);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, log);
    }

    /// <summary>SIGKILL, the whole process tree, and wait for the end.</summary>
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
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }
}
