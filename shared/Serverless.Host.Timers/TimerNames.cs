namespace Serverless.Host.Timers;

/// <summary>
/// Where the timer trigger keeps its state, named as the Functions host names it (checked with the search tool:
/// WebJobs StorageScheduleMonitor and SingletonManager; an isolated-worker function's full name is "Host.Functions.{Name}").
/// </summary>
internal static class TimerNames
{
    /// <summary>The host's blob container.</summary>
    public const string HostContainer = "azure-webjobs-hosts";

    /// <summary>The full name of a function as the Functions host knows an isolated-worker function.</summary>
    public static string FunctionFullName(string functionName) => "Host.Functions." + functionName;

    /// <summary>timers/{hostId}/{functionFullName}/status: the schedule status JSON.</summary>
    public static string StatusBlob(string hostId, string timerName) => $"timers/{hostId}/{timerName}/status";

    /// <summary>locks/{hostId}/{functionFullName}.Listener: the listener singleton lock blob.</summary>
    public static string ListenerLockBlob(string hostId, string timerName) => $"locks/{hostId}/{timerName}.Listener";
}
