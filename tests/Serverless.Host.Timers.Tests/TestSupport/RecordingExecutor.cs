using System.Collections.Concurrent;
using Serverless.Host.Indexing;
using Serverless.Host.Invocation;
using Serverless.Worker;

namespace Serverless.Host.Timers.Tests.TestSupport;

/// <summary>An executor that binds the TimerInfo and records it with the clock's time, instead of running a function.</summary>
internal sealed class RecordingExecutor(TimeProvider time) : IFunctionExecutor
{
    public ConcurrentQueue<(DateTime At, TimerInfo Info, string Reason)> Calls { get; } = new();

    /// <summary>When set, each invocation waits for it (a long-running function).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<FunctionResult> ExecuteAsync(FunctionDescriptor function, TriggerInvocation request, CancellationToken cancellationToken)
    {
        var info = (TimerInfo)(await request.BindTrigger(null!))!;
        Calls.Enqueue((time.GetUtcNow().UtcDateTime, info, request.Reason));
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return new FunctionResult(Guid.NewGuid().ToString(), true, null, null, TimeSpan.Zero);
    }
}
