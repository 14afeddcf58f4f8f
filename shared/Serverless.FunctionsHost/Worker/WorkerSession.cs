using System.Collections.Concurrent;
using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.Worker;

/// <summary>One run of the worker: its process, its stream, and what waits for answers from it.</summary>
internal sealed class WorkerSession(WorkerProcess process) : IDisposable
{
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WorkerProcess Process { get; } = process;

    public TaskCompletionSource<WorkerConnection> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<WorkerInitResponse> Init { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<FunctionMetadataResponse> Metadata { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> Loads { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> Pending { get; } = new();

    /// <summary>Function name to the id this worker run gave it.</summary>
    public Dictionary<string, string> FunctionIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    public WorkerConnection? Connection => Connected.Task.IsCompletedSuccessfully ? Connected.Task.Result : null;

    /// <summary>Completes with the reason once the process has exited or its stream has closed.</summary>
    public Task<string> Ended => _ended.Task;

    public bool HasEnded => _ended.Task.IsCompleted;

    public bool Send(StreamingMessage message) => Connection?.Send(message) ?? false;

    /// <summary>Marks the run as over and fails everything that waits on it with the reason.</summary>
    public void End(string reason)
    {
        if (!_ended.TrySetResult(reason))
        {
            return;
        }

        Connection?.Close();
        var exception = new WorkerExitedException(reason);
        Connected.TrySetException(exception);
        Init.TrySetException(exception);
        Metadata.TrySetException(exception);
        foreach (var load in Loads.Values)
        {
            load.TrySetException(exception);
        }

        foreach (var (id, pending) in Pending)
        {
            if (Pending.TryRemove(id, out _))
            {
                pending.TrySetException(exception);
            }
        }
    }

    public void Dispose() => Process.Dispose();
}
