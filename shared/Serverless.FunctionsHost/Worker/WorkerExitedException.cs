namespace Serverless.FunctionsHost.Worker;

/// <summary>The worker process ended (or its stream closed) while an invocation waited for it.</summary>
internal sealed class WorkerExitedException : Exception
{
    public WorkerExitedException(string message)
        : base(message)
    {
    }

    public WorkerExitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WorkerExitedException()
    {
    }
}

/// <summary>
/// An invocation failed because the worker process kept exiting while it ran. The Durable extension reads a type
/// name containing "WorkerProcessExitException" as a platform failure of an orchestrator call and retries it later,
/// as it does under the Functions host.
/// </summary>
public sealed class WorkerProcessExitException : Exception
{
    public WorkerProcessExitException(string message)
        : base(message)
    {
    }

    public WorkerProcessExitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WorkerProcessExitException()
    {
    }

    /// <summary>
    /// The failure of an invocation the worker's exits ended, in the Functions host's RpcException message shape so the
    /// Durable extension records this type and reason (not only "Exception while executing function").
    /// </summary>
    internal static WorkerProcessExitException For(string functionName, string invocationId, string reason, int exits, Exception inner) =>
        new($"Result: Failure\nException: {typeof(WorkerProcessExitException).FullName}: Invocation {invocationId} of function '{functionName}' failed: " +
            $"{reason}{(exits > 1 ? $" (the worker exited {exits} times while it ran)" : "")}.\nStack: ", inner);
}
