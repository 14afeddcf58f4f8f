using System.Collections.Concurrent;
using Serverless.Worker;

namespace Serverless.Host.Timers.Tests.Integration;

/// <summary>One invocation seen by a test function: which host ran it, when, and the TimerInfo it got.</summary>
public sealed record TimerCall(string Host, string Function, DateTime At, bool IsPastDue, ScheduleStatus? Status);

/// <summary>Where test functions report (registered as a singleton per host; several hosts may share one list).</summary>
public sealed class TimerCalls(string host, ConcurrentQueue<TimerCall> calls)
{
    public TimerCalls()
        : this("host", new ConcurrentQueue<TimerCall>())
    {
    }

    public ConcurrentQueue<TimerCall> All => calls;

    public void Add(string function, TimerInfo timer) =>
        calls.Enqueue(new TimerCall(host, function, DateTime.UtcNow, timer.IsPastDue, timer.ScheduleStatus));

    /// <summary>Records a call that lasts a while, noting how many ran at once across the hosts sharing this list.</summary>
    public async Task AddLongAsync(string function, TimerInfo timer, SharedCounter counter)
    {
        var running = Interlocked.Increment(ref counter.Running);
        InterlockedMax(ref counter.MaxRunning, running);
        Add(function, timer);
        await Task.Delay(200);
        Interlocked.Decrement(ref counter.Running);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

/// <summary>A counter shared by the hosts of one test.</summary>
public sealed class SharedCounter
{
    public int Running;

    public int MaxRunning;
}
