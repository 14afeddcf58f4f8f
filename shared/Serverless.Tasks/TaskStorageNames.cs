namespace Serverless.Tasks;

/// <summary>
/// The storage names of the task runtime under a prefix, one place for the worker, the scheduler and the tests:
/// a queue per namespace and priority, an idle queue per namespace for opportunistic runs, a dead-letter queue,
/// the runs and schedules tables and a container for leases and large payloads.
/// </summary>
internal sealed class TaskStorageNames(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>"{prefix}-{namespace}-p{priority}".</summary>
    public string Queue(string @namespace, int priority) => $"{Prefix}-{QueuePart(@namespace)}-p{priority}";

    /// <summary>"{prefix}-{namespace}-idle": the opportunistic runs of a namespace.</summary>
    public string IdleQueue(string @namespace) => $"{Prefix}-{QueuePart(@namespace)}-idle";

    /// <summary>"{prefix}-deadletter": one message per dead-lettered run, with its reason.</summary>
    public string DeadLetterQueue => $"{Prefix}-deadletter";

    /// <summary>"{prefix}-chains": chain starts and step ends, for the trigger that has the Durable client.</summary>
    public string ChainsQueue => $"{Prefix}-chains";

    /// <summary>"{Prefix}Runs".</summary>
    public string RunsTable => $"{Prefix}Runs";

    /// <summary>"{Prefix}Schedules".</summary>
    public string SchedulesTable => $"{Prefix}Schedules";

    /// <summary>"{prefix}-tasks": leases (scheduler, concurrency slots) and payloads too large for a table property.</summary>
    public string Container => $"{Prefix}-tasks";

    /// <summary>A namespace as a queue-name part: lowercase, anything but letters and digits as '-'.</summary>
    public static string QueuePart(string @namespace) =>
        new([.. @namespace.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}
