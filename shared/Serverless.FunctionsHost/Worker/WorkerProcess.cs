using System.Diagnostics;

namespace Serverless.FunctionsHost.Worker;

/// <summary>
/// One run of the app's worker process, started as the Functions host starts it (worker.config.json, the
/// <c>--host/--port/--workerId</c> arguments and their <c>--functions-*</c> twins, the app settings as environment).
/// Keeps the tail of its stderr for the error that reports its exit.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int TailLines = 30;

    private readonly Process _process;
    private readonly Queue<string> _stderrTail = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code when the process has ended.</summary>
    public Task<int> Exited => _exited.Task;

    public string StderrTail
    {
        get
        {
            lock (_stderrTail)
            {
                return string.Join(Environment.NewLine, _stderrTail);
            }
        }
    }

    public static WorkerProcess Start(WorkerConfig config, Uri rpcUri, string workerId, IReadOnlyDictionary<string, string> environment, Action<string> onStdout)
    {
        var info = new ProcessStartInfo(config.ExecutablePath)
        {
            WorkingDirectory = config.AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in config.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (config.WorkerPath is not null)
        {
            info.ArgumentList.Add(Path.Combine(config.AppDirectory, config.WorkerPath));
        }

        var requestId = Guid.NewGuid().ToString();
        string[] arguments =
        [
            "--host", rpcUri.Host, "--port", rpcUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--functions-uri", rpcUri.ToString(), "--functions-worker-id", workerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, workerId);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                onStdout(line);
            }
        };
        process.ErrorDataReceived += (_, e) => worker.KeepStderr(e.Data);
        process.Exited += (_, _) => worker.OnExited();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new HostStartupException($"Could not start the worker '{config.ExecutablePath}' in '{config.AppDirectory}': {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL for the whole process tree (a stop that did not end it in time, or a dead worker's remains).</summary>
    public void Kill() => Kill(entireProcessTree: true);

    /// <summary>SIGKILL for the worker process alone, as the OOM killer or a crash ends it: its child processes live on.</summary>
    public void Crash() => Kill(entireProcessTree: false);

    private void Kill(bool entireProcessTree)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void KeepStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderrTail)
        {
            _stderrTail.Enqueue(line);
            while (_stderrTail.Count > TailLines)
            {
                _stderrTail.Dequeue();
            }
        }
    }

    private void OnExited()
    {
        // Let the stderr reader drain before the exit is reported with its tail.
        _process.WaitForExit();
        _exited.TrySetResult(_process.ExitCode);
    }
}
