using System.Text.Json;

namespace Serverless.Jobs;

/// <summary>
/// The outcome of a job run. <see cref="OutputJson"/> holds the typed output of a single-rank run, or a JSON array of
/// the outputs of all ranks in rank order when the run had more than one rank.
/// </summary>
public sealed record JobResult(string JobId, bool Succeeded, string? OutputJson, JobFailure? Failure)
{
    public static JobResult Success(string jobId, string? outputJson) => new(jobId, true, outputJson, null);

    public static JobResult Failed(string jobId, JobFailure failure) => new(jobId, false, null, failure);

    /// <summary>Reads the output as <typeparamref name="T"/>; throws <see cref="JobFailedException"/> if the run failed.</summary>
    public T? GetOutput<T>()
    {
        if (!Succeeded)
        {
            throw new JobFailedException(this);
        }

        return OutputJson is null ? default : JsonSerializer.Deserialize<T>(OutputJson, JobJson.Options);
    }
}

/// <summary>Why a job failed, with what is known about the process: exit code and the tail of its stderr.</summary>
/// <param name="Kind">The class of failure.</param>
/// <param name="Message">What went wrong, naming the job, the task and (for ranks) the rank.</param>
/// <param name="ExitCode">The process exit code, when the process ended by itself.</param>
/// <param name="StderrTail">The last lines the process wrote to stderr.</param>
/// <param name="ErrorType">The exception type a job function threw, when it threw.</param>
/// <param name="Rank">The rank that failed first.</param>
public sealed record JobFailure(
    JobFailureKind Kind,
    string Message,
    int? ExitCode = null,
    string? StderrTail = null,
    string? ErrorType = null,
    int? Rank = null)
{
    public override string ToString()
    {
        var text = $"{Kind}: {Message}";
        if (ExitCode is not null)
        {
            text += $" (exit code {ExitCode})";
        }

        return string.IsNullOrEmpty(StderrTail) ? text : $"{text}{Environment.NewLine}stderr tail:{Environment.NewLine}{StderrTail}";
    }
}

/// <summary>The classes of job failure.</summary>
public enum JobFailureKind
{
    /// <summary>The job function threw.</summary>
    Failed,

    /// <summary>The process ended without writing a result (non-zero exit, signal, lost container).</summary>
    Crashed,

    /// <summary>The process ran out of memory (an OutOfMemoryException, or killed by SIGKILL / exit 137).</summary>
    OutOfMemory,

    /// <summary>The run exceeded its timeout and was killed.</summary>
    TimedOut,

    /// <summary>The run was cancelled and killed.</summary>
    Cancelled,

    /// <summary>The input blob did not exist when the job started.</summary>
    InputMissing,
}

/// <summary>Thrown by <see cref="JobResult.GetOutput{T}"/> for a failed run.</summary>
public sealed class JobFailedException : Exception
{
    public JobFailedException(JobResult result)
        : base($"Job '{result?.JobId}' failed. {result?.Failure}")
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    public JobResult Result { get; }
}
