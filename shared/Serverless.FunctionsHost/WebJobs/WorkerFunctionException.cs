using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>
/// A function failed in the worker. The message has the Functions host's shape
/// (<c>Result: {result}\nException: {message}\nStack: {stack}</c>), which the Durable extension reads to record the
/// failure's type, message and stack for TaskFailedException.
/// </summary>
public sealed class WorkerFunctionException : Exception
{
    public WorkerFunctionException(string message)
        : base(message)
    {
    }

    public WorkerFunctionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WorkerFunctionException()
    {
    }

    internal static WorkerFunctionException From(StatusResult result) =>
        new($"Result: {result.Status}\nException: {result.Exception?.Message ?? result.Result}\nStack: {result.Exception?.StackTrace}");
}
