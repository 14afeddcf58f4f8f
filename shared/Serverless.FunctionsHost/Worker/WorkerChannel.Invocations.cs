using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.Worker;

/// <summary>Invocations: sent to the ready worker, sent again to its successor when it dies, cancelled with InvocationCancel.</summary>
internal sealed partial class WorkerChannel
{
    /// <summary>
    /// Sends the invocation and returns the worker's response. When the worker dies meanwhile and
    /// <paramref name="resendOnWorkerExit"/> is set, the same invocation goes to the restarted worker, up to
    /// <see cref="WorkerChannelOptions.MaxWorkerExitsPerInvocation"/> exits; then it fails naming them.
    /// When the token fires, the worker gets InvocationCancel and the answer is awaited for a grace period.
    /// </summary>
    public async Task<InvocationResponse> InvokeAsync(string functionName, InvocationRequest request, bool resendOnWorkerExit, CancellationToken cancellationToken)
    {
        var exits = 0;
        WorkerSession? lastDead = null;
        while (true)
        {
            var session = await ReadySessionAsync(cancellationToken).ConfigureAwait(false);
            if (ReferenceEquals(session, lastDead))
            {
                // The restart has not replaced the dead run yet.
                await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var pending = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Pending[request.InvocationId] = pending;
            if (session.HasEnded)
            {
                session.Pending.TryRemove(request.InvocationId, out _);
                pending.TrySetException(new WorkerExitedException(await session.Ended.ConfigureAwait(false)));
            }
            else
            {
                request.FunctionId = session.FunctionIds[functionName];
                session.Send(new StreamingMessage { InvocationRequest = request });
            }

            try
            {
                return await WaitAsync(session, pending.Task, functionName, request.InvocationId, cancellationToken).ConfigureAwait(false);
            }
            catch (WorkerExitedException ex)
            {
                lastDead = session;
                exits++;
                if (!resendOnWorkerExit || exits >= options.MaxWorkerExitsPerInvocation || _stopping.IsCancellationRequested)
                {
                    throw WorkerProcessExitException.For(functionName, request.InvocationId, ex.Message, exits, ex);
                }

                Log.InvocationResent(_logger, functionName, request.InvocationId, exits, ex.Message);
            }
        }
    }

    private async Task<InvocationResponse> WaitAsync(WorkerSession session, Task<InvocationResponse> response, string functionName, string invocationId, CancellationToken cancellationToken)
    {
        try
        {
            return await response.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            session.Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });
            try
            {
                return await response.WaitAsync(options.CancelGrace, time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                session.Pending.TryRemove(invocationId, out _);
                throw new OperationCanceledException(
                    $"Invocation {invocationId} of function '{functionName}' was cancelled (function timeout or host stop) " +
                    $"and the worker did not answer within {options.CancelGrace.TotalSeconds:0} s.", cancellationToken);
            }
        }
    }

    private async Task<WorkerSession> ReadySessionAsync(CancellationToken cancellationToken)
    {
        Task<WorkerSession> ready;
        lock (_gate)
        {
            ready = _ready;
        }

        try
        {
            return await ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The Durable extension abandons (and retries later) an activity that fails with this message, as it
            // does when the Functions host has no worker.
            throw new InvalidOperationException("Did not find any initialized language workers: the host is stopping.");
        }
    }
}
