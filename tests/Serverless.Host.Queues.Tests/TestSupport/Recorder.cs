using System.Collections.Concurrent;

namespace Serverless.Host.Queues.Tests.TestSupport;

/// <summary>What a test function saw in one invocation.</summary>
public sealed record Seen(string Function, object? Value, string? Id, long DequeueCount, IReadOnlyDictionary<string, object?> Data, DateTimeOffset At, string Host = "");

/// <summary>The singleton test functions report to; the test polls it with a deadline.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<Seen> _seen = new();
    private int _running;
    private int _maxRunning;

    public IReadOnlyList<Seen> All => [.. _seen];

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Opened by the test to let blocked functions finish.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(Seen seen) => _seen.Enqueue(seen);

    public IReadOnlyList<Seen> Of(string function) => [.. _seen.Where(s => s.Function == function)];

    public IDisposable Running()
    {
        var now = Interlocked.Increment(ref _running);
        int max;
        while (now > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, max) != max)
        {
        }

        return new Leave(this);
    }

    private sealed class Leave(Recorder owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._running);
    }
}
