namespace Serverless.Tasks;

/// <summary>
/// Enqueues task runs and follows them: from a task (<see cref="TaskContext.Tasks"/>), a function, an HTTP handler or
/// any service (inject it). Runs are stored: every run has an id and a status.
/// </summary>
public interface ITaskClient
{
    /// <summary>
    /// Enqueues a run of the task named <paramref name="task"/>. The parameters are validated first: invalid ones throw
    /// <see cref="TaskParametersException"/> and nothing is enqueued; an unknown task throws <see cref="TaskNotFoundException"/>.
    /// Enqueueing a run id that exists already does nothing and returns the id (idempotent). Returns the run id.
    /// </summary>
    Task<string> EnqueueAsync(string task, object? parameters = null, EnqueueOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Enqueues a run of a task by typed reference.</summary>
    Task<string> EnqueueAsync<TParams>(TaskReference<TParams> task, TParams parameters, EnqueueOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The run with this id, or null.</summary>
    Task<TaskRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Runs, newest first, filtered by the query.</summary>
    IAsyncEnumerable<TaskRun> ListRunsAsync(TaskRunQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Aborts a queued, scheduled or running run: a queued one never starts, a running one's cancellation token fires
    /// (on whichever host runs it). False when the run is finished already or does not exist.
    /// </summary>
    Task<bool> AbortAsync(string runId, string? reason = null, CancellationToken cancellationToken = default);
}

/// <summary>A typed reference to a task, so callers pass its parameter record: <c>new TaskReference&lt;Email&gt;("send_email")</c>.</summary>
public sealed record TaskReference<TParams>(string Name);

/// <summary>How to enqueue a run.</summary>
public sealed record EnqueueOptions
{
    /// <summary>Start no earlier than this delay from now.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Start no earlier than this time.</summary>
    public DateTimeOffset? DueTime { get; init; }

    /// <summary>Overrides the task's priority for this run.</summary>
    public int? Priority { get; init; }

    /// <summary>The run id (an idempotency key: a second enqueue with the same id does nothing). Default: a new id.</summary>
    public string? RunId { get; init; }

    /// <summary>Set by the scheduler: the schedule that fired (max instances applies to such runs).</summary>
    internal string? ScheduleId { get; init; }

    /// <summary>Set by a chain: the orchestration instance waiting for the run's end (<see cref="ITaskRunObserver"/>).</summary>
    internal string? ParentInstanceId { get; init; }

    /// <summary>Set by a chain for its steps: run the task itself, not its chain.</summary>
    internal bool AsChainStep { get; init; }

    /// <summary>Write the run record (Scheduled, held) without a queue message; a later enqueue with the same run id releases it.</summary>
    internal bool Hold { get; init; }

    /// <summary>Set by the scheduler for a misfired firing: write the run as Skipped with this reason, send no message.</summary>
    internal string? SkippedReason { get; init; }
}
