namespace Serverless.Tasks;

/// <summary>
/// Declares a task: a method (or a class implementing <see cref="ILifecycleTask{TState}"/>) with a name, a trigger, a
/// priority, retries, dependencies and a resource request. Every option has a default and is validated at start: a bad
/// value stops the start naming the task and the option. Time spans are written as "hh:mm:ss" (or "d.hh:mm:ss").
/// </summary>
/// <remarks>
/// The method takes a <see cref="TaskContext"/> or a <see cref="TaskContext{TParams}"/> (typed parameters), optionally
/// followed by a <see cref="CancellationToken"/>, and returns <see cref="Task"/>, <see cref="Task{TResult}"/>,
/// <see cref="ValueTask"/>, <see cref="ValueTask{TResult}"/>, void or a result. Instance methods get their class built
/// from the host's services for each run.
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TaskAttribute(string name) : Attribute
{
    /// <summary>The task's unique name (letters, digits, '-', '_', '.'; up to 100 characters).</summary>
    public string Name { get; } = name;

    /// <summary>The queue (namespace) the task's runs go to; a host can listen to some namespaces only. Default "default".</summary>
    public string Namespace { get; set; } = TaskDefaults.Namespace;

    /// <summary>0 (<see cref="TaskPriority.Low"/>) to 3 (<see cref="TaskPriority.Critical"/>); default <see cref="TaskPriority.Normal"/>.</summary>
    public int Priority { get; set; } = TaskPriority.Normal;

    /// <summary>A cron schedule, 5 fields (minutes) or 6 (seconds first), in <see cref="TimeZone"/>.</summary>
    public string? Cron { get; set; }

    /// <summary>An interval schedule ("00:00:10"), with optional <see cref="StartAt"/>, <see cref="EndAt"/> and <see cref="Jitter"/>.</summary>
    public string? Every { get; set; }

    /// <summary>A one-shot schedule: an ISO 8601 date and time ("2026-12-01T09:00:00Z").</summary>
    public string? At { get; set; }

    /// <summary>A trigger expression, for combinations: "cron(0 9 * * MON-FRI) or every(01:00:00)"; see <see cref="TaskTrigger.Parse"/>.</summary>
    public string? Trigger { get; set; }

    /// <summary>The IANA or Windows time zone of <see cref="Cron"/>; default UTC.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The first fire time of <see cref="Every"/> (ISO 8601); without it intervals are aligned to the Unix epoch.</summary>
    public string? StartAt { get; set; }

    /// <summary>The time after which <see cref="Every"/> fires no more (ISO 8601).</summary>
    public string? EndAt { get; set; }

    /// <summary>A random delay of up to this span added to each scheduled run.</summary>
    public string? Jitter { get; set; }

    /// <summary>A scheduled run starting later than this after its due time is skipped and logged. Default: none (always run).</summary>
    public string? MisfireGraceTime { get; set; }

    /// <summary>Several missed scheduled runs collapse into one. Default true.</summary>
    public bool Coalesce { get; set; } = true;

    /// <summary>Concurrent scheduled runs of the task, cluster wide; a firing beyond it is skipped and logged. Default 1; 0 = unlimited.</summary>
    public int MaxInstances { get; set; } = 1;

    /// <summary>Concurrent runs of the task across all hosts; runs beyond it wait in the queue. Default 0 = unlimited.</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>
    /// Retries after the first attempt. 0 (the default) means at-most-once delivery: a run is never executed twice, even
    /// after a crash. Above 0 means at-least-once. Overridden by <see cref="RetryPolicy"/> when that is set.
    /// </summary>
    public int MaxRetries { get; set; }

    /// <summary>A named retry policy; <see cref="TaskRetryPolicy.Default"/> uses <see cref="MaxRetries"/>.</summary>
    public TaskRetryPolicy RetryPolicy { get; set; }

    /// <summary>The first retry's delay, doubled for each further retry. Default "00:00:01".</summary>
    public string? RetryDelay { get; set; }

    /// <summary>The longest retry delay. Default "00:05:00".</summary>
    public string? MaxRetryDelay { get; set; }

    /// <summary>Randomizes each retry delay between half and all of its value. Default true.</summary>
    public bool RetryJitter { get; set; } = true;

    /// <summary>The task that receives the failure details (<see cref="TaskFailure"/>) once retries are exhausted.</summary>
    public string? OnFailure { get; set; }

    /// <summary>Prerequisite tasks, run in parallel (with their default parameters) before this one.</summary>
    public string[]? RunBefore { get; set; }

    /// <summary>The next task: it runs after this one succeeds and receives this task's result as its parameters.</summary>
    public string? RunAfter { get; set; }

    /// <summary>Default parameters (JSON) for scheduled runs and prerequisites; default: the parameter type's defaults ("{}").</summary>
    public string? DefaultParameters { get; set; }

    /// <summary>A run's time limit; its cancellation token fires and the attempt fails. Default "00:30:00".</summary>
    public string? Timeout { get; set; }

    /// <summary>Runs as a CPU-bound job (a child process locally, a Container Apps job in Azure) with the resources below.</summary>
    public bool CpuBound { get; set; }

    /// <summary>CPU cores per rank of a CPU-bound run. Default 1.</summary>
    public double Cpus { get; set; } = 1;

    /// <summary>Memory (GiB) per rank; for opportunistic tasks the free memory a run needs to start. Default 0.5.</summary>
    public double MemoryGiB { get; set; } = 0.5;

    /// <summary>Processes (ranks) of a CPU-bound run. Default 1.</summary>
    public int Ranks { get; set; } = 1;

    /// <summary>Nodes a CPU-bound run spreads its ranks over. Default 1.</summary>
    public int Nodes { get; set; } = 1;

    /// <summary>Runs start only while the host has idle capacity (CPU below the threshold, enough free memory); they yield to normal work.</summary>
    public bool Opportunistic { get; set; }
}
