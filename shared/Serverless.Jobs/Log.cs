using Microsoft.Extensions.Logging;

namespace Serverless.Jobs;

/// <summary>The job runner's log messages; event ids 5000-5099 (job side 5000-5019, local 5020-5049, Container Apps 5050-5079).</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Job {JobId} task {TaskName} rank {Rank}/{RankCount} starting.")]
    public static partial void JobStarting(ILogger logger, string jobId, string taskName, int rank, int rankCount);

    [LoggerMessage(5001, LogLevel.Error, "Job {JobId} rank {Rank} could not write its outcome to storage.")]
    public static partial void OutcomeNotWritten(ILogger logger, Exception error, string jobId, int rank);

    [LoggerMessage(5020, LogLevel.Information, "Job {JobId} task {TaskName} accepted: {Ranks} rank(s), {Cpus} cpu(s) and {MemoryGiB} GiB each.")]
    public static partial void JobAccepted(ILogger logger, string jobId, string taskName, int ranks, double cpus, double memoryGiB);

    [LoggerMessage(5021, LogLevel.Information, "Job {JobId} is recorded already; start ignored.")]
    public static partial void JobAlreadyStarted(ILogger logger, string jobId);

    [LoggerMessage(5022, LogLevel.Information, "Job {JobId} rank {Rank} started as process {ProcessId}.")]
    public static partial void ProcessStarted(ILogger logger, string jobId, int rank, int processId);

    [LoggerMessage(5023, LogLevel.Information, "Job {JobId} rank {Rank} {Stream}: {Line}")]
    public static partial void JobOutput(ILogger logger, string jobId, int rank, string stream, string line);

    [LoggerMessage(5024, LogLevel.Information, "Job {JobId} task {TaskName} ended: succeeded {Succeeded}, failure {FailureKind}.")]
    public static partial void JobEnded(ILogger logger, string jobId, string taskName, bool succeeded, string failureKind);

    [LoggerMessage(5025, LogLevel.Error, "Job {JobId}: the launcher failed.")]
    public static partial void LauncherFailed(ILogger logger, Exception error, string jobId);

    [LoggerMessage(5026, LogLevel.Warning, "Job {JobId}: its log could not be written to storage.")]
    public static partial void LogNotWritten(ILogger logger, Exception error, string jobId);

    [LoggerMessage(5050, LogLevel.Information, "Job {JobId} rank {Rank} started as Container Apps execution {Execution}.")]
    public static partial void ExecutionStarted(ILogger logger, string jobId, int rank, string execution);

    [LoggerMessage(5051, LogLevel.Information, "Job {JobId} execution {Execution} is {Status}.")]
    public static partial void ExecutionStatus(ILogger logger, string jobId, string execution, string status);

    [LoggerMessage(5052, LogLevel.Warning, "Job {JobId}: stopping execution {Execution} failed.")]
    public static partial void StopFailed(ILogger logger, Exception error, string jobId, string execution);
}
