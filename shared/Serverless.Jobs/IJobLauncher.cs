namespace Serverless.Jobs;

/// <summary>
/// Starts job runs and follows them to their end. A run's result lives in the <see cref="JobStore"/>, so
/// <see cref="WaitAsync"/> works by job id alone, also in a new process after the one that started the run died.
/// </summary>
public interface IJobLauncher
{
    /// <summary>
    /// Accepts the run and returns once it is recorded; the run itself starts as soon as there is capacity.
    /// Starting a job id that already has a recorded run does nothing (the call is idempotent).
    /// </summary>
    Task StartAsync(JobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Waits for the run's end and returns its result (failures are results, not exceptions).</summary>
    /// <exception cref="KeyNotFoundException">No run with this id was ever started.</exception>
    Task<JobResult> WaitAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One look at the run, without waiting: its result when it has one or has just been found ended (then recorded:
    /// every rank's outcome written, its processes or executions gone without one, or past its timeout, then stopped);
    /// null while it runs. What a durable waiter calls now and then, from any process.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No run with this id was ever started.</exception>
    Task<JobResult?> ProbeAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Stops the run (killing its processes or executions); its result becomes <see cref="JobFailureKind.Cancelled"/>.</summary>
    Task CancelAsync(string jobId, CancellationToken cancellationToken = default);
}
