namespace Serverless.Tasks;

/// <summary>
/// The options of a task registered by a call (<see cref="TaskRegistry.Add(string, Func{TaskContext, Task}, Action{TaskOptions}?)"/>),
/// with typed values; the same meaning and defaults as the properties of <see cref="TaskAttribute"/>.
/// </summary>
public sealed class TaskOptions
{
    public string Namespace { get; set; } = TaskDefaults.Namespace;

    public int Priority { get; set; } = TaskPriority.Normal;

    /// <summary>The schedule; null for a task that only runs when enqueued.</summary>
    public TaskTrigger? Trigger { get; set; }

    public TimeSpan? MisfireGraceTime { get; set; }

    public bool Coalesce { get; set; } = true;

    public int MaxInstances { get; set; } = 1;

    public int MaxConcurrency { get; set; }

    public int MaxRetries { get; set; }

    public TaskRetryPolicy RetryPolicy { get; set; }

    public TimeSpan RetryDelay { get; set; } = TaskDefaults.RetryDelay;

    public TimeSpan MaxRetryDelay { get; set; } = TaskDefaults.MaxRetryDelay;

    public bool RetryJitter { get; set; } = true;

    public string? OnFailure { get; set; }

    public IList<string> RunBefore { get; } = [];

    public string? RunAfter { get; set; }

    /// <summary>Default parameters for scheduled runs and prerequisites (serialized with the task JSON options).</summary>
    public object? DefaultParameters { get; set; }

    public TimeSpan Timeout { get; set; } = TaskDefaults.Timeout;

    /// <summary>Set to run the task as a CPU-bound job with these resources.</summary>
    public TaskResources? CpuBound { get; set; }

    public bool Opportunistic { get; set; }

    /// <summary>The free memory (GiB) an opportunistic run needs to start. Default 0.5.</summary>
    public double MemoryGiB { get; set; } = 0.5;
}

/// <summary>The resources of a CPU-bound task's run: cores and memory per rank, ranks, nodes.</summary>
public sealed record TaskResources(double Cpus = 1, double MemoryGiB = 0.5, int Ranks = 1, int Nodes = 1);
