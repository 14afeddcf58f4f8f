namespace Serverless.Jobs.Functions;

/// <summary>
/// A CPU-bound task's job failed, crashed, ran out of memory, timed out or was cancelled. The orchestrator sees it as a
/// <c>TaskFailedException</c> whose failure details carry this type and the message (kind, exit code, stderr tail).
/// </summary>
public sealed class CpuBoundTaskFailedException : Exception
{
    public CpuBoundTaskFailedException()
    {
    }

    public CpuBoundTaskFailedException(string message)
        : base(message)
    {
    }

    public CpuBoundTaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CpuBoundTaskFailedException(string taskName, JobResult result)
        : base($"CPU-bound task '{taskName}' (job '{result.JobId}') failed. {result.Failure}")
    {
        TaskName = taskName;
        JobId = result.JobId;
        Failure = result.Failure;
    }

    /// <summary>The task that failed.</summary>
    public string? TaskName { get; }

    /// <summary>The job run that failed.</summary>
    public string? JobId { get; }

    /// <summary>Kind, message, exit code and stderr tail of the failure.</summary>
    public JobFailure? Failure { get; }
}
