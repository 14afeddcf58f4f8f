namespace Serverless.Tasks;

/// <summary>Task priorities: with a backlog, runs of a higher priority start before runs of a lower one.</summary>
public static class TaskPriority
{
    public const int Low = 0;
    public const int Normal = 1;
    public const int High = 2;
    public const int Critical = 3;

    /// <summary>The highest priority value.</summary>
    public const int Max = Critical;
}

/// <summary>Named retry policies (easyjobs' idioms).</summary>
public enum TaskRetryPolicy
{
    /// <summary>Use MaxRetries.</summary>
    Default = 0,

    /// <summary>No retry: at-most-once.</summary>
    Never,

    /// <summary>One retry.</summary>
    RetryOnce,

    /// <summary>Retry until it succeeds (the delay grows to MaxRetryDelay and stays there).</summary>
    RetryAlways,
}

/// <summary>Defaults shared by declarations and the runtime.</summary>
public static class TaskDefaults
{
    public const string Namespace = "default";
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);
}
