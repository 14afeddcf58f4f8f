namespace Serverless.DurableTask.Engine.Replay;

/// <summary>The orchestrator code and its history diverged: the instance fails with this error.</summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    public NonDeterministicOrchestrationException(string message)
        : base(message)
    {
    }

    public NonDeterministicOrchestrationException()
    {
    }

    public NonDeterministicOrchestrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
