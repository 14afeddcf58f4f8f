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
}
