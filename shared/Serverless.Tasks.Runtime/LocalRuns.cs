using System.Collections.Concurrent;

namespace Serverless.Tasks.Runtime;

/// <summary>The runs executing in this process, so an abort on the same host cancels at once.</summary>
internal sealed class LocalRuns
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _runs = new(StringComparer.Ordinal);

    public void Add(string runId, CancellationTokenSource abort) => _runs[runId] = abort;

    public void Remove(string runId, CancellationTokenSource abort) => _runs.TryRemove(new KeyValuePair<string, CancellationTokenSource>(runId, abort));

    /// <summary>Fires the abort token of a run running here; false when it does not run here.</summary>
    public bool TryAbort(string runId)
    {
        if (!_runs.TryGetValue(runId, out var abort))
        {
            return false;
        }

        try
        {
            abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }

    public bool IsRunning(string runId) => _runs.ContainsKey(runId);

    public int Count => _runs.Count;
}
