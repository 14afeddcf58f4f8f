using System.Text.Json;

namespace Serverless.Tasks;

/// <summary>The state of a run.</summary>
public enum TaskRunStatus
{
    /// <summary>Waiting for its due time (a delay, a retry back-off is <see cref="Retrying"/>) or for its chain's prerequisites.</summary>
    Scheduled,

    /// <summary>In its queue, ready to start.</summary>
    Queued,

    Running,

    Succeeded,

    /// <summary>The last attempt failed and no retry is left; the failure handling (on-failure task, dead letter) is under way.</summary>
    Failed,

    /// <summary>An attempt failed; the next attempt waits for its back-off.</summary>
    Retrying,

    /// <summary>Not run: later than its misfire grace time, or its task had max instances running.</summary>
    Skipped,

    Aborted,

    /// <summary>Failed for good: the on-failure task was enqueued and the run's message moved to the dead-letter queue.</summary>
    DeadLettered,
}

/// <summary>A task run as stored: status, timestamps, attempts, parameters, result or error.</summary>
public sealed record TaskRun
{
    public required string RunId { get; init; }

    public required string Task { get; init; }

    public string Namespace { get; init; } = TaskDefaults.Namespace;

    public TaskRunStatus Status { get; init; }

    public int Priority { get; init; }

    /// <summary>Attempts started so far.</summary>
    public int Attempt { get; init; }

    public JsonElement? Parameters { get; init; }

    public JsonElement? Result { get; init; }

    public TaskRunError? Error { get; init; }

    /// <summary>Why the run was skipped, aborted or dead-lettered.</summary>
    public string? Reason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? ScheduleId { get; init; }

    /// <summary>The chain orchestration instance that waits for this run, if any.</summary>
    public string? ParentInstanceId { get; init; }

    public bool AbortRequested { get; init; }

    /// <summary>The host running (or that last ran) the run.</summary>
    public string? Host { get; init; }

    public bool IsFinished => Status is TaskRunStatus.Succeeded or TaskRunStatus.Skipped or TaskRunStatus.Aborted or TaskRunStatus.DeadLettered;

    /// <summary>The result as <typeparamref name="T"/>.</summary>
    public T? GetResult<T>() => Result is { } result ? result.Deserialize<T>(TaskJson.Options) : default;
}

/// <summary>What failed: the exception type and message (no stack trace leaves the host).</summary>
public sealed record TaskRunError(string Type, string Message);

/// <summary>The failure details the on-failure task receives as its parameters.</summary>
public sealed record TaskFailure(string RunId, string Task, int Attempts, TaskRunError Error, JsonElement? Parameters);

/// <summary>A filter on runs: by task, status and creation time.</summary>
public sealed record TaskRunQuery
{
    public string? Task { get; init; }

    public IReadOnlyCollection<TaskRunStatus>? Statuses { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>At most this many runs. Default 100.</summary>
    public int Top { get; init; } = 100;
}
